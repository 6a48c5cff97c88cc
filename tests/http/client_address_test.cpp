#include "http/client_address.h"

#include <gtest/gtest.h>

namespace chronotrail::http {
namespace {

boost::asio::ip::address Ip(const char* text) {
  return boost::asio::ip::make_address(text);
}

TEST(ClientAddress, AnUntrustedPeerIsTheClientWhateverItForwards) {
  TrustedProxies none({});
  EXPECT_EQ(ClientAddress(Ip("203.0.113.9"), "198.51.100.1", none), "203.0.113.9");
  TrustedProxies lb({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress(Ip("203.0.113.9"), "198.51.100.1", lb), "203.0.113.9");
}

TEST(ClientAddress, ATrustedProxyNamesTheClient) {
  TrustedProxies lb({"10.0.0.0/8", "::1"});
  EXPECT_EQ(ClientAddress(Ip("10.1.2.3"), "198.51.100.1", lb), "198.51.100.1");
  EXPECT_EQ(ClientAddress(Ip("::1"), "198.51.100.1", lb), "198.51.100.1");
  // The client may prepend lies; only the hops our proxies appended count.
  EXPECT_EQ(ClientAddress(Ip("10.1.2.3"), "1.2.3.4, 198.51.100.1, 10.9.9.9", lb), "198.51.100.1");
  // Garbage from the right stops the walk at the last believable address.
  EXPECT_EQ(ClientAddress(Ip("10.1.2.3"), "nonsense", lb), "10.1.2.3");
  EXPECT_EQ(ClientAddress(Ip("10.1.2.3"), "", lb), "10.1.2.3");
}

TEST(ClientAddress, Ipv4MappedPeersMatchIpv4Networks) {
  TrustedProxies lb({"127.0.0.1"});
  EXPECT_TRUE(lb.Contains(Ip("::ffff:127.0.0.1")));
  EXPECT_FALSE(lb.Contains(Ip("127.0.0.2")));
}

TEST(TrustedProxies, RejectsWhatIsNotAnAddressOrNetwork) {
  EXPECT_THROW(TrustedProxies({"nonsense"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
}

}  // namespace
}  // namespace chronotrail::http
