// RotationActivityRepository.h — a rotation's activity as people read it (newest
// first, with names), comments, and what the rotation notices need: the people
// of a rotation, its description, the rotations due a start reminder and the
// open items of the weekly digest, with what was already sent.
#pragma once

#include "store/Database.h"
#include "store/RotationRepository.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// One entry of the activity feed.
struct ActivityEntry : RotationEvent {
    std::string actorName;  ///< empty with actorId (Rotunda's rotation job)
};

/// A rotation with the names its mail shows.
struct RotationSummary {
    std::string id, status, studentId, studentName, preceptorId, schoolId, facilityId, serviceName, facilityName,
        startDate, endDate;
};

/// A person to mail: id, address, name, account status.
struct Recipient {
    std::string id, email, name, status;
};

/// One open item of one person, for the digest (kinds: domain::OpenItem).
struct OpenItemRow {
    std::string userId, kind, rotationId;
    int count = 1;
};

class RotationActivityRepository {
public:
    explicit RotationActivityRepository(Database& database) : database_(database) {}

    /// The rotation's events with an id below `beforeId` (0: from the newest),
    /// newest first, at most `limit`.
    std::vector<ActivityEntry> activity(const std::string& rotationId, long long beforeId, int limit);
    /// Stores a comment event; returns its id.
    long long addComment(const std::string& rotationId, const std::string& authorId, const std::string& body);

    std::optional<RotationSummary> summary(const std::string& rotationId);
    /// The admins and coordinators of an organization.
    std::vector<std::string> staffOf(const std::string& organizationId);
    std::optional<Recipient> recipient(const std::string& userId);

    /// Onboarding rotations starting between `from` and `to` (YYYY-MM-DD,
    /// inclusive) with a required application or onboarding step not verified
    /// or waived, and no start reminder yet.
    std::vector<std::string> dueStartReminder(const std::string& from, const std::string& to);
    /// Remembers the start reminder (a 'notice' event); false when it already was.
    bool markStartReminded(const std::string& rotationId);

    /// Every person's open items (see domain::OpenItem for the kinds).
    std::vector<OpenItemRow> openItems();
    /// Claims `userId`'s digest if none was sent after `notAfter`; false when one was.
    bool claimDigest(const std::string& userId, const std::string& notAfter, const std::string& sentAt);

private:
    Database& database_;
};

}  // namespace rotunda::store
