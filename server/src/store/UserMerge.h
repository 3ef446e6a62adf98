// UserMerge.h — merging a duplicate account B into account A: a plan first, then
// one transaction that moves everything B owns.
#pragma once

#include "store/Database.h"
#include "store/UserRepository.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace rotunda::store {

/// What merging `from` into `into` moves, and what stands in the way.
struct MergePlan {
    User from;
    User into;
    std::vector<std::pair<std::string, int>> moves;  ///< ("memberships", 3) …, in a fixed order
    std::vector<std::string> notes;                  ///< what is dropped as a duplicate or ended
    std::vector<std::string> conflicts;              ///< each blocks the merge, with what to do
    bool possible() const { return conflicts.empty(); }
};

/// Thrown by UserMerge::apply when the plan has conflicts; nothing was changed.
class MergeRefused : public std::runtime_error {
public:
    explicit MergeRefused(MergePlan plan) : std::runtime_error("the merge has conflicts"), plan_(std::move(plan)) {}
    const MergePlan& plan() const { return plan_; }

private:
    MergePlan plan_;
};

/// Moves B's memberships, external identities, documents (and, as later tables
/// arrive, rotations, step completions, comments, messages and connections) to
/// A; drops what A already has; ends B's sessions and mailed links; disables B
/// with merged_into = A. Audit events and authorship (created_by of steps and
/// agreements) stay as they were written (history), and a
/// user.merged event records the counts on both accounts. Every table that holds
/// a user id is listed in one place (kMovers in the .cpp), so a new table is one
/// line there.
class UserMerge {
public:
    explicit UserMerge(Database& database) : database_(database) {}

    /// The plan, changing nothing. Throws std::invalid_argument for an unknown id.
    MergePlan plan(const std::string& fromId, const std::string& intoId);

    /// Plans again inside one transaction and applies it; throws MergeRefused
    /// when there are conflicts. `actorId`/`actorName` go into the audit events.
    MergePlan apply(const std::string& fromId, const std::string& intoId, const std::string& actorId,
                    const std::string& actorName, const std::string& remoteAddress, const std::string& requestId);

private:
    MergePlan plan(Poco::Data::Session& session, const std::string& fromId, const std::string& intoId);

    Database& database_;
};

}  // namespace rotunda::store
