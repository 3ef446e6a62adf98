// AdminCommands.cpp — `rotunda-admin users …`: account commands for operators.
#include "auth/AdminCommands.h"

#include "auth/AccountService.h"
#include "store/Migrator.h"
#include "store/UserMerge.h"

#include <unistd.h>

namespace rotunda::auth {
namespace {

constexpr const char* kUsage =
    "usage: rotunda-admin users create-admin --email EMAIL --name NAME  (password on standard input)\n"
    "       rotunda-admin users merge --from EMAIL|ID --into EMAIL|ID [--dry-run]";

/// The id of the user named by an email or an id; empty when there is none.
std::string userIdOf(store::Database& database, const std::string& emailOrId) {
    store::UserRepository users(database);
    if (const auto byEmail = users.findByEmail(normaliseEmail(emailOrId))) return byEmail->id;
    if (const auto byId = users.findById(emailOrId)) return byId->id;
    return "";
}

void printPlan(const store::MergePlan& plan, std::ostream& out) {
    out << "merge " << plan.from.name << " <" << plan.from.email << "> (" << plan.from.id << ")\n"
        << " into " << plan.into.name << " <" << plan.into.email << "> (" << plan.into.id << ")\n";
    for (const auto& [what, count] : plan.moves) out << "  moves " << count << " " << what << "\n";
    for (const auto& note : plan.notes) out << "  note: " << note << "\n";
    for (const auto& conflict : plan.conflicts) out << "  conflict: " << conflict << "\n";
}

int runMerge(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
             std::ostream& out, std::ostream& err) {
    std::string from, into;
    bool dryRun = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--dry-run") dryRun = true;
        else if (args[i] == "--from" && i + 1 < args.size()) from = args[++i];
        else if (args[i] == "--into" && i + 1 < args.size()) into = args[++i];
        else {
            err << "unknown option " << args[i] << "\n" << kUsage << std::endl;
            return 64;
        }
    }
    if (from.empty() || into.empty()) {
        err << kUsage << std::endl;
        return 64;
    }
    store::Database database(store::DatabaseSettings::fromConfiguration(config));
    store::Migrator(database).migrate();
    const std::string fromId = userIdOf(database, from), intoId = userIdOf(database, into);
    if (fromId.empty() || intoId.empty()) {
        err << "no account " << (fromId.empty() ? from : into) << "; give an email or a user id" << std::endl;
        return 65;
    }
    store::UserMerge merge(database);
    try {
        const store::MergePlan plan = dryRun ? merge.plan(fromId, intoId)
                                             : merge.apply(fromId, intoId, "", "rotunda-admin", "", "");
        printPlan(plan, out);
        if (!plan.possible()) {
            err << "dry run: the merge has conflicts; resolve them first" << std::endl;
            return 65;
        }
        out << (dryRun ? "dry run: nothing was changed" : "merged; the first account is disabled and points to the second")
            << std::endl;
        return 0;
    } catch (const store::MergeRefused& e) {
        printPlan(e.plan(), out);
        err << "not merged: resolve the conflicts first; nothing was changed" << std::endl;
        return 65;
    }
}

}  // namespace

int runUsersCommand(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
                    std::istream& in, std::ostream& out, std::ostream& err) {
    if (!args.empty() && args[0] == "merge") return runMerge(config, args, out, err);
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
