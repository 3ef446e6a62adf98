// NetworkList.cpp — a list of IP networks (CIDR) that a client address is checked against.
#include "http/NetworkList.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <cstring>
#include <stdexcept>

namespace rotunda::http {
namespace {

Poco::Net::IPAddress unmapped(const Poco::Net::IPAddress& address) {
    if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
        const auto* bytes = static_cast<const unsigned char*>(address.addr());
        return Poco::Net::IPAddress(bytes + 12, 4);
    }
    return address;
}

}  // namespace

NetworkList NetworkList::parse(const std::string& text) {
    NetworkList list;
    Poco::StringTokenizer entries(
        text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& entry : entries) {
        const std::string::size_type slash = entry.find('/');
        Poco::Net::IPAddress address;
        if (!Poco::Net::IPAddress::tryParse(entry.substr(0, slash), address))
            throw std::invalid_argument("'" + entry + "' is not an IP address or CIDR network");
        const unsigned maxPrefix = address.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
        unsigned prefix = maxPrefix;
        if (slash != std::string::npos &&
            (!Poco::NumberParser::tryParseUnsigned(entry.substr(slash + 1), prefix) ||
             prefix > maxPrefix))
            throw std::invalid_argument("'" + entry + "' has a prefix length outside 0.." +
                                        std::to_string(maxPrefix));
        list.networks_.push_back({address, prefix});
    }
    return list;
}

bool NetworkList::contains(const Poco::Net::IPAddress& client) const {
    const Poco::Net::IPAddress address = unmapped(client);
    for (const Network& network : networks_) {
        if (network.address.family() != address.family()) continue;
        const auto* a = static_cast<const unsigned char*>(address.addr());
        const auto* n = static_cast<const unsigned char*>(network.address.addr());
        const unsigned fullBytes = network.prefix / 8;
        const unsigned restBits = network.prefix % 8;
        if (std::memcmp(a, n, fullBytes) != 0) continue;
        if (restBits != 0) {
            const unsigned char mask = static_cast<unsigned char>(0xFF << (8 - restBits));
            if ((a[fullBytes] & mask) != (n[fullBytes] & mask)) continue;
        }
        return true;
    }
    return false;
}

}  // namespace rotunda::http
