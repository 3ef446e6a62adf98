// AgreementRepository.h — affiliation agreements between a facility and a school.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// One affiliation agreement.
struct Agreement {
    std::string id;
    std::string facilityId;
    std::string schoolId;
    std::string name;
    std::string startDate;  ///< YYYY-MM-DD
    std::string endDate;    ///< YYYY-MM-DD
    std::string notes;
    std::string documentId;  ///< empty: none
    std::string state;       ///< draft, pending, active, declined, expired
    std::string declineReason;
    std::string reminderSentAt;  ///< empty: the end-of-term reminder has not gone out
    std::string createdBy;
    std::string createdAt;
    std::string updatedAt;
    std::vector<std::string> serviceIds;  ///< empty: every service of the facility
};

class AgreementRepository {
public:
    explicit AgreementRepository(Database& database) : database_(database) {}

    /// Stores a new draft (new id) with its services.
    Agreement create(Agreement agreement);
    std::optional<Agreement> findById(const std::string& id);
    /// The facility's agreements (every state), or the school's (all but drafts),
    /// by start date.
    std::vector<Agreement> listForFacility(const std::string& facilityId);
    std::vector<Agreement> listForSchool(const std::string& schoolId);
    /// Writes the fields and services of a draft; false when it is no longer a draft.
    bool updateDraft(const Agreement& agreement);
    /// Moves the agreement from `from` to `to` (with `reason` for a decline) in
    /// one conditional statement; false when it was not in `from` any more.
    bool transition(const std::string& id, const std::string& from, const std::string& to, const std::string& reason);
    /// Deletes a draft; false when it is not one.
    bool removeDraft(const std::string& id);

    /// An active agreement between the two that covers [start, end] and the
    /// service (listed, or an agreement that lists none), if any.
    std::optional<Agreement> findActiveCovering(const std::string& facilityId, const std::string& schoolId,
                                                const std::string& serviceId, const std::string& start,
                                                const std::string& end);
    /// Active agreements whose end date is before `today`.
    std::vector<Agreement> activeEndedBefore(const std::string& today);
    /// Active agreements ending between `today` and `lastDay` with no reminder yet.
    std::vector<Agreement> dueForReminder(const std::string& today, const std::string& lastDay);
    /// Remembers that the reminder went out; false when it already had (another node).
    bool markReminded(const std::string& id);
    /// The addresses of an organization's active admins and coordinators.
    std::vector<std::string> staffEmails(const std::string& organizationId);

private:
    std::vector<Agreement> select(const std::string& where, std::vector<std::string> values);

    Database& database_;
};

}  // namespace rotunda::store
