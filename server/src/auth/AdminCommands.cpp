// AdminCommands.cpp — `rotunda-admin users …`: account commands for operators.
#include "auth/AdminCommands.h"

#include "auth/AccountService.h"
#include "store/Migrator.h"

#include <unistd.h>

namespace rotunda::auth {
namespace {

constexpr const char* kUsage =
    "usage: rotunda-admin users create-admin --email EMAIL --name NAME  (password on standard input)";

}  // namespace

int runUsersCommand(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
                    std::istream& in, std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] != "create-admin") {
        err << kUsage << std::endl;
        return 64;
    }
    std::string email, name;
    for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == "--email") email = args[i + 1];
        else if (args[i] == "--name") name = args[i + 1];
        else {
            err << "unknown option " << args[i] << "\n" << kUsage << std::endl;
            return 64;
        }
    }
    if (email.empty() || name.empty() || args.size() % 2 == 0) {
        err << kUsage << std::endl;
        return 64;
    }
    if (::isatty(STDIN_FILENO)) err << "Password for " << email << ": " << std::flush;
    std::string password;
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();

    store::Database database(store::DatabaseSettings::fromConfiguration(config));
    store::Migrator(database).migrate();
    AccountService accounts(database, nullptr, nullptr, AuthSettings::fromConfiguration(config));
    try {
        const store::User user = accounts.createAdministrator(email, name, password);
        out << "administrator " << user.email << " created (id " << user.id << ")" << std::endl;
        return 0;
    } catch (const ValidationFailed& e) {
        for (const auto& [field, message] : e.fields()) err << field << ": " << message << std::endl;
        return 65;
    } catch (const store::DuplicateEmail&) {
        err << "an account with " << normaliseEmail(email) << " already exists; nothing was changed" << std::endl;
        return 65;
    }
}

}  // namespace rotunda::auth
