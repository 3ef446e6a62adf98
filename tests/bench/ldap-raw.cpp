// ldap-raw.cpp — the two sides of tests/bench/ldap-login.sh, timed by the same code:
//
//   bench-ldap-raw raw  URL CAFILE BINDDN BINDPW BASEDN PASSWORD USERS COUNT THREADS
//       search-then-bind straight with libldap: each thread keeps a search connection
//       (StartTLS, bound as the service account) and a bind connection, and for every
//       sign-in searches (&(objectClass=person)(|(uid=U)(mail=U))) asking for the same
//       attributes as the plugin, then binds as the entry found: the directory's own
//       round trips, nothing else.
//   bench-ldap-raw plugin URL CAFILE BINDDN BINDPW BASEDN PASSWORD USERS COUNT THREADS
//       the same sign-ins through the ldap-auth plugin's own code (LdapDirectory, its
//       connection pools and outcome checks) without rotundad: the plugin's share.
//   bench-ldap-raw http HOST PORT PASSWORD USERS COUNT THREADS
//       the same sign-ins through rotundad: POST /api/v1/auth/login on keep-alive
//       connections (each thread from its own loopback source addresses, so that the
//       per-address sign-in limit is not what is measured).
//   bench-ldap-raw version HOST PORT PASSWORD USERS COUNT THREADS
//       the same rotundad's trivial route, GET /api/v1/version, on the same kind of
//       connections by the same client code: the HTTP share of a sign-in.
//
// Users are bench1 … benchUSERS, taken in turn. Prints one line:
//   COUNT RATE_PER_SECOND P50_MS P99_MS ERRORS CPU_US
// CPU_US is this program's own CPU time (user + system) per sign-in during the
// timed part: for raw and plugin, the directory client's work (libldap, TLS).
#include "LdapDirectory.h"

#include <ldap.h>
#include <sys/resource.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Results {
    std::mutex mutex;
    std::vector<double> latenciesMs;
    std::atomic<long> errors{0};
    void add(const std::vector<double>& mine) {
        std::lock_guard<std::mutex> lock(mutex);
        latenciesMs.insert(latenciesMs.end(), mine.begin(), mine.end());
    }
};

struct Handle {
    LDAP* ld = nullptr;
    ~Handle() {
        if (ld) ldap_unbind_ext_s(ld, nullptr, nullptr);
    }
};

bool open(Handle& handle, const std::string& url, const std::string& caFile) {
    if (ldap_initialize(&handle.ld, url.c_str()) != LDAP_SUCCESS) return false;
    const int version = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, isServer = 0;
    ldap_set_option(handle.ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(handle.ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    ldap_set_option(handle.ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
    ldap_set_option(handle.ld, LDAP_OPT_X_TLS_CACERTFILE, caFile.c_str());
    ldap_set_option(handle.ld, LDAP_OPT_X_TLS_NEWCTX, &isServer);
    return ldap_start_tls_s(handle.ld, nullptr, nullptr) == LDAP_SUCCESS;
}

bool simpleBind(LDAP* ld, const std::string& dn, const std::string& password) {
    berval credentials{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
    return ldap_sasl_bind_s(ld, dn.c_str(), LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr, nullptr) == LDAP_SUCCESS;
}

void rawWorker(const std::vector<std::string>& a, int first, int count, int users, Results& results) {
    const std::string url = a[2], ca = a[3], bindDn = a[4], bindPw = a[5], base = a[6], password = a[7];
    Handle search, bind;
    if (!open(search, url, ca) || !simpleBind(search.ld, bindDn, bindPw) || !open(bind, url, ca)) {
        results.errors += count;
        return;
    }
    char* attributes[] = {const_cast<char*>("entryUUID"), const_cast<char*>("mail"), const_cast<char*>("cn"),
                          const_cast<char*>("memberOf"), nullptr};
    std::vector<double> mine;
    for (int i = 0; i < count; ++i) {
        const std::string user = "bench" + std::to_string((first + i) % users + 1);
        const std::string filter = "(&(objectClass=person)(|(uid=" + user + ")(mail=" + user + ")))";
        const auto started = Clock::now();
        LDAPMessage* result = nullptr;
        timeval timeout{3, 0};
        bool ok = ldap_search_ext_s(search.ld, base.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attributes, 0,
                                    nullptr, nullptr, &timeout, 2, &result) == LDAP_SUCCESS;
        LDAPMessage* entry = ok ? ldap_first_entry(search.ld, result) : nullptr;
        char* dn = entry ? ldap_get_dn(search.ld, entry) : nullptr;
        ok = dn != nullptr && simpleBind(bind.ld, dn, password);
        ldap_memfree(dn);
        ldap_msgfree(result);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
        if (!ok) ++results.errors;
    }
    results.add(mine);
}

// Each thread signs in from its own loopback source addresses, a new one every
// kPerAddress sign-ins, so that auth.signInsPerMinutePerAddress is not what is measured.
constexpr int kPerAddress = 2000;

std::unique_ptr<Poco::Net::HTTPClientSession> connectFrom(const std::string& host, Poco::UInt16 port, int source) {
    Poco::Net::StreamSocket socket;
    socket.impl()->bind(Poco::Net::SocketAddress("127." + std::to_string(1 + source / 60000) + "." +
                                                     std::to_string(source / 250 % 240 + 1) + "." +
                                                     std::to_string(source % 250 + 2),
                                                 0),
                        false);
    socket.connect(Poco::Net::SocketAddress(host, port));
    auto session = std::make_unique<Poco::Net::HTTPClientSession>(socket);
    session->setKeepAlive(true);
    return session;
}

void httpWorker(const std::vector<std::string>& a, bool signIn, int thread, int first, int count, int users,
                Results& results) {
    const std::string host = a[2], password = a[4];
    const auto port = static_cast<Poco::UInt16>(std::stoi(a[3]));
    // A different range of addresses per run (the time) and per thread.
    const int runBase = static_cast<int>(std::chrono::system_clock::now().time_since_epoch() / std::chrono::seconds(1) % 97) * 600;
    int source = runBase + thread * 50;
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    std::vector<double> mine;
    for (int i = 0; i < count; ++i) {
        const std::string user = "bench" + std::to_string((first + i) % users + 1);
        const std::string body = "{\"email\":\"" + user + "\",\"password\":\"" + password + "\"}";
        bool ok = false;
        try {
            if (!session || i % kPerAddress == 0) session = connectFrom(host, port, source++);
        } catch (const std::exception& e) {
            std::cerr << "connect: " << e.what() << std::endl;
            ++results.errors;
            continue;
        }
        const auto started = Clock::now();
        try {
            Poco::Net::HTTPRequest request(signIn ? Poco::Net::HTTPRequest::HTTP_POST : Poco::Net::HTTPRequest::HTTP_GET,
                                           signIn ? "/api/v1/auth/login" : "/api/v1/version",
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            request.setKeepAlive(true);
            if (signIn) {
                request.setContentType("application/json");
                request.setContentLength(static_cast<std::streamsize>(body.size()));
                session->sendRequest(request) << body;
            } else {
                session->sendRequest(request);
            }
            Poco::Net::HTTPResponse response;
            std::istream& in = session->receiveResponse(response);
            std::ostringstream sink;
            Poco::StreamCopier::copyStream(in, sink);
            ok = response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK;
            if (!ok && results.errors == 0) std::cerr << response.getStatus() << " " << sink.str() << std::endl;
        } catch (const std::exception& e) {
            if (results.errors == 0) std::cerr << e.what() << std::endl;
            session.reset();
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
        if (!ok) ++results.errors;
    }
    results.add(mine);
}

class QuietLogger : public rotunda::plugin::Logger {
public:
    void log(rotunda::plugin::LogLevel, const std::string&) override {}
};

void pluginWorker(rotunda::ldapauth::LdapDirectory& directory, const std::string& password, int first, int count,
                  int users, Results& results) {
    std::vector<double> mine;
    for (int i = 0; i < count; ++i) {
        const std::string user = "bench" + std::to_string((first + i) % users + 1);
        const auto started = Clock::now();
        const auto outcome = directory.authenticate({user, password, "127.0.0.1"});
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
        if (outcome.status != rotunda::plugin::AuthStatus::Ok) ++results.errors;
    }
    results.add(mine);
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> a(argv, argv + argc);
    const bool raw = argc == 11 && a[1] == "raw";
    const bool viaPlugin = argc == 11 && a[1] == "plugin";
    const bool http = argc == 8 && (a[1] == "http" || a[1] == "version");
    const bool signIn = a[1] != "version";
    if (!raw && !viaPlugin && !http) {
        std::cerr << "usage: bench-ldap-raw raw|plugin URL CAFILE BINDDN BINDPW BASEDN PASSWORD USERS COUNT THREADS\n"
                     "       bench-ldap-raw http|version HOST PORT PASSWORD USERS COUNT THREADS\n";
        return 64;
    }
    const int users = std::stoi(a[argc - 3]), count = std::stoi(a[argc - 2]), threads = std::stoi(a[argc - 1]);
    Results results;
    QuietLogger quiet;
    std::unique_ptr<rotunda::ldapauth::LdapDirectory> directory;
    if (viaPlugin) {
        directory = std::make_unique<rotunda::ldapauth::LdapDirectory>(
            rotunda::ldapauth::LdapSettings::fromConfig(
                rotunda::ldapauth::valuesWithDefaults({{"urls", a[2]}, {"caFile", a[3]}, {"bindDn", a[4]},
                                                       {"bindPassword", a[5]}, {"baseDn", a[6]},
                                                       {"poolSize", std::to_string(std::max(1, threads))}}),
                5000),
            quiet, 5000);
        // Connections opened outside the timed run, as rotundad's are after its first sign-ins.
        std::vector<std::thread> warm;
        for (int t = 0; t < threads; ++t) warm.emplace_back([&] { pluginWorker(*directory, a[7], 0, 20, users, results); });
        for (std::thread& w : warm) w.join();
        results.latenciesMs.clear();
    }
    std::vector<std::thread> workers;
    const auto cpuSeconds = [] {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    };
    const double cpuBefore = cpuSeconds();
    const auto started = Clock::now();
    for (int t = 0; t < threads; ++t) {
        const int share = count / threads + (t < count % threads ? 1 : 0);
        const int first = t * (count / threads);
        workers.emplace_back([&, t, share, first] {
            if (raw) rawWorker(a, first, share, users, results);
            else if (viaPlugin) pluginWorker(*directory, a[7], first, share, users, results);
            else httpWorker(a, signIn, t, first, share, users, results);
        });
    }
    for (std::thread& worker : workers) worker.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const double cpuMicroseconds = (cpuSeconds() - cpuBefore) * 1e6 / std::max(1, count);
    std::vector<double>& l = results.latenciesMs;
    std::sort(l.begin(), l.end());
    const auto at = [&l](double q) { return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<std::size_t>(q * l.size()))]; };
    std::printf("%d %.1f %.3f %.3f %ld %.0f\n", count, count / seconds, at(0.50), at(0.99), results.errors.load(),
                cpuMicroseconds);
    return results.errors == 0 ? 0 : 1;
}
