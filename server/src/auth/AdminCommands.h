// AdminCommands.h — `rotunda-admin users …`: account commands for operators.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace rotunda::auth {

/// `users create-admin --email EMAIL --name NAME`: creates the first administrator
/// (a break-glass local account usable without any plugin). The password is read
/// from the first line of `in`, never from the command line, where other users
/// of the machine could see it. Opens the configured database and applies
/// migrations first. Returns the exit status; messages go to `out` and `err`.
/// `users merge --from B --into A [--dry-run]`: prints what would move and any
/// conflict; without --dry-run merges B into A (store::UserMerge). Exit 65 when
/// an account is unknown or the merge has conflicts (nothing changed).
int runUsersCommand(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
                    std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace rotunda::auth
