// HelloAuth.cpp — a minimal PasswordAuthenticator plugin: one configured user.
#include <rotunda/plugin/Plugin.h>

#include <memory>

namespace {

using namespace rotunda::plugin;

class HelloAuthenticator : public PasswordAuthenticator {
public:
    explicit HelloAuthenticator(HostContext& context) : context_(context) {}

    std::string displayName() const override { return "Hello directory"; }

    AuthOutcome authenticate(const PasswordRequest& request) override {
        AuthOutcome outcome;  // InvalidCredentials unless proven otherwise
        if (request.username == context_.config().getString("user") &&
            request.password == context_.config().getString("password")) {
            outcome.status = AuthStatus::Ok;
            outcome.identity.subject = "hello:" + request.username;
            outcome.identity.email = request.username + "@example.org";
        }
        context_.logger().information("sign-in attempt for " + request.username);  // never the password
        return outcome;
    }

private:
    HostContext& context_;
};

void registerHello(Registrar& registrar) {
    registrar.declareConfig({"user", "User name", "the one user who may sign in", ConfigType::String, "", true, false});
    registrar.declareConfig({"password", "Password", "that user's password", ConfigType::String, "", true, true});
    registrar.addPasswordAuthenticator("hello", [](HostContext& context) {
        return std::make_unique<HelloAuthenticator>(context);
    });
}

}  // namespace

ROTUNDA_PLUGIN("hello-auth", "1.0.0", "Signs in one configured user (example)", registerHello);
