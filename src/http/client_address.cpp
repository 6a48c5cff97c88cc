#include "http/client_address.h"

#include <stdexcept>

namespace chronotrail::http {

namespace ip = boost::asio::ip;

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    boost::system::error_code ec;
    std::string text = entry.find('/') == std::string::npos
                           ? entry + (entry.find(':') == std::string::npos ? "/32" : "/128")
                           : entry;
    if (text.find(':') == std::string::npos) {
      ip::network_v4 net = ip::make_network_v4(text, ec);
      if (!ec) {
        networks_.emplace_back(net.canonical());
        continue;
      }
    } else {
      ip::network_v6 net = ip::make_network_v6(text, ec);
      if (!ec) {
        networks_.emplace_back(net.canonical());
        continue;
      }
    }
    throw std::invalid_argument("not an IP address or network: " + entry);
  }
}

bool TrustedProxies::Contains(const ip::address& raw) const {
  // An IPv4 client seen on an IPv6 socket arrives as ::ffff:a.b.c.d.
  ip::address address = raw.is_v6() && raw.to_v6().is_v4_mapped()
                            ? ip::address(ip::make_address_v4(ip::v4_mapped, raw.to_v6()))
                            : raw;
  for (const auto& net : networks_) {
    if (const auto* v4 = std::get_if<ip::network_v4>(&net); v4 && address.is_v4()) {
      if (ip::network_v4(address.to_v4(), v4->prefix_length()).canonical() == *v4) return true;
    } else if (const auto* v6 = std::get_if<ip::network_v6>(&net); v6 && address.is_v6()) {
      if (ip::network_v6(address.to_v6(), v6->prefix_length()).canonical() == *v6) return true;
    }
  }
  return false;
}

std::string ClientAddress(const ip::address& peer, std::string_view forwarded_for,
                          const TrustedProxies& trusted) {
  if (forwarded_for.empty() || !trusted.Contains(peer)) return peer.to_string();
  // Walk from the right: each hop appended the address it saw; stop at the first we don't trust.
  std::string client = peer.to_string();
  while (!forwarded_for.empty()) {
    size_t comma = forwarded_for.rfind(',');
    std::string_view hop =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    boost::system::error_code ec;
    ip::address address = ip::make_address(std::string(hop), ec);
    if (ec) break;  // garbage: keep the last address we could trust
    client = address.to_string();
    if (!trusted.Contains(address)) break;
  }
  return client;
}

}  // namespace chronotrail::http
