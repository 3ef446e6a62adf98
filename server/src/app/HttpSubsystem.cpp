// HttpSubsystem.cpp — routes every API handler and serves HTTP.
#include "app/HttpSubsystem.h"

#include "app/RotationSubsystem.h"

#include "api/Routes.h"
#include "app/Health.h"
#include "app/Settings.h"
#include "app/StartupError.h"
#include "http/HttpServer.h"
#include "http/NetworkList.h"
#include "http/Router.h"
#include "mail/MailSubsystem.h"
#include "plugins/PluginSubsystem.h"
#include "store/DatabaseSubsystem.h"
#include "rotunda/BuildInfo.h"

#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Util/Application.h>

namespace rotunda::app {

HttpSubsystem::HttpSubsystem(Metrics& metrics) : metrics_(metrics) {}

HttpSubsystem::~HttpSubsystem() = default;

unsigned short HttpSubsystem::port() const { return server_ ? server_->port() : 0; }

void HttpSubsystem::initialize(Poco::Util::Application& app) {
    const http::HttpSettings settings = http::HttpSettings::fromConfiguration(app.config());
    const std::string allow = readString(app.config(), "http.observabilityAllow", "127.0.0.0/8, ::1/128");
    http::NetworkList observers;
    try {
        observers = http::NetworkList::parse(allow);
    } catch (const std::invalid_argument& e) {
        throw ConfigError("http.observabilityAllow", allow, std::string("comma-separated CIDR networks (") + e.what() + ")");
    }
    const std::string webDirectory =
        Poco::Path(readString(app.config(), "http.webDirectory", build::kWebDir, true)).absolute().toString();

    std::vector<const HealthSource*> sources;
    for (const auto& subsystem : app.subsystems())
        if (const auto* source = dynamic_cast<const HealthSource*>(subsystem.get())) sources.push_back(source);

    accounts_ = std::make_unique<auth::AccountService>(
        app.getSubsystem<store::DatabaseSubsystem>().database(), &app.getSubsystem<plugins::PluginSubsystem>().host(),
        &app.getSubsystem<mail::MailSubsystem>().outbox(), auth::AuthSettings::fromConfiguration(app.config()));
    invitations_ = std::make_unique<auth::InvitationService>(*accounts_, &app.getSubsystem<mail::MailSubsystem>().outbox());
    router_ = std::make_unique<http::Router>();
    api::ApiContext context{sources, metrics_, observers, webDirectory, accounts_.get(),
                            &app.getSubsystem<plugins::PluginSubsystem>().host(),
                            api::DocumentSettings::fromConfiguration(app.config()), invitations_.get(),
                            RotationSettings::fromConfiguration(app.config()).preceptorMaxStudents,
                            api::SocialSettings::fromConfiguration(app.config()),
                            static_cast<int>(readInt(app.config(), "api.readCacheSeconds", 5, 0, 60))};
    api::registerRoutes(*router_, context);

    store::Database& database = app.getSubsystem<store::DatabaseSubsystem>().database();
    server_ = std::make_unique<http::HttpServer>(settings, *router_, metrics_, [&database] { database.noteChange(); });
    const std::string address = settings.host + ":" + std::to_string(settings.port);
    try {
        server_->start();
    } catch (const Poco::Exception& e) {
        throw StartupError("cannot listen on " + address + ": " + e.displayText() +
                           "; another process may hold the port: change http.port or stop it");
    }
    const std::string host = settings.host.find(':') != std::string::npos ? "[" + settings.host + "]" : settings.host;
    Poco::Logger::get("rotunda.http").information(
        "RTH0001 listening on http://" + host + ":" + std::to_string(server_->port()) + "/ (" +
        std::to_string(settings.maxThreads) + " threads, web UI from " + webDirectory + ")");
}

void HttpSubsystem::uninitialize() {
    if (server_) {
        server_->stop();
        server_.reset();
    }
    router_.reset();
    invitations_.reset();
    accounts_.reset();
}

}  // namespace rotunda::app
