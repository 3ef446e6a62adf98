// NetworkList.h — a list of IP networks (CIDR) that a client address is checked against.
#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>
#include <vector>

namespace rotunda::http {

/// Parsed from "127.0.0.0/8, ::1/128, 10.1.2.3". IPv4-mapped IPv6 clients are
/// compared as IPv4.
class NetworkList {
public:
    /// Throws std::invalid_argument naming the entry that is not an address or CIDR network.
    static NetworkList parse(const std::string& text);

    bool contains(const Poco::Net::IPAddress& address) const;

private:
    struct Network {
        Poco::Net::IPAddress address;
        unsigned prefix;
    };
    std::vector<Network> networks_;
};

}  // namespace rotunda::http
