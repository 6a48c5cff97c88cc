// Which address a request comes from. Behind a load balancer the TCP peer is the balancer; its
// X-Forwarded-For header names the client, but only a configured trusted proxy may be believed,
// or any client could pose as any address.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chronotrail::http {

class TrustedProxies {
 public:
  // `entries`: IP addresses or CIDR networks ("10.0.0.0/8", "::1"). Throws std::invalid_argument
  // naming the first entry that is neither.
  explicit TrustedProxies(const std::vector<std::string>& entries);

  bool Contains(const boost::asio::ip::address& address) const;
  bool empty() const { return networks_.empty(); }

 private:
  std::vector<std::variant<boost::asio::ip::network_v4, boost::asio::ip::network_v6>> networks_;
};

// The client's address as text: the peer itself, unless the peer is a trusted proxy, in which case
// the right-most address of X-Forwarded-For that is not itself a trusted proxy.
std::string ClientAddress(const boost::asio::ip::address& peer, std::string_view forwarded_for,
                          const TrustedProxies& trusted);

}  // namespace chronotrail::http
