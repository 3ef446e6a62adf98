// HttpSubsystem.h — the last subsystem: routes every API handler and serves HTTP.
#pragma once

#include "app/Metrics.h"

#include <Poco/Util/Subsystem.h>

#include <memory>

namespace rotunda::auth {
class AccountService;
class InvitationService;
}  // namespace rotunda::auth

namespace rotunda::http {
class Router;
class HttpServer;
}  // namespace rotunda::http

namespace rotunda::app {

/// Builds the router from every room's handlers, collects the health of every
/// other subsystem for /health, and runs the HTTP server. It lives in app/
/// because it is the one place that wires the API to the other rooms.
/// Uninitialising it stops accepting connections and lets requests in flight
/// finish within http.shutdownGraceSeconds.
class HttpSubsystem : public Poco::Util::Subsystem {
public:
    explicit HttpSubsystem(Metrics& metrics);
    ~HttpSubsystem() override;

    const char* name() const override { return "rotunda.http"; }

    /// The port the server listens on (useful with http.port = 0).
    unsigned short port() const;

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    Metrics& metrics_;
    std::unique_ptr<auth::AccountService> accounts_;
    std::unique_ptr<auth::InvitationService> invitations_;
    std::unique_ptr<http::Router> router_;
    std::unique_ptr<http::HttpServer> server_;
};

}  // namespace rotunda::app
