// PartnershipRepository.h — which schools each facility works with.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// A facility × school partnership, seen from one of the two sides.
struct Partnership {
    std::string facilityId;
    std::string schoolId;
    std::string state;         ///< active, ended
    std::string invitationId;  ///< the school was invited by email: its first admin's invitation
    std::string createdBy;
    std::string createdAt;
    std::string endedAt;
};

class PartnershipRepository {
public:
    explicit PartnershipRepository(Database& database) : database_(database) {}

    std::optional<Partnership> find(const std::string& facilityId, const std::string& schoolId);
    /// The partnerships of an organization (either side), active ones first, then
    /// by creation. `activeOnly` leaves out ended ones.
    std::vector<Partnership> listFor(const std::string& organizationId, bool activeOnly);
    /// Makes the pair active: a new row, or an ended one again. False when it was
    /// active already. `invitationId` may be empty.
    bool link(const std::string& facilityId, const std::string& schoolId, const std::string& userId,
              const std::string& invitationId = "");
    /// Ends an active partnership; false when there was none.
    bool end(const std::string& facilityId, const std::string& schoolId, const std::string& userId);
    /// Agreements between the two that are pending or active (ending is refused while any is).
    std::vector<std::string> openAgreements(const std::string& facilityId, const std::string& schoolId);

private:
    Database& database_;
};

}  // namespace rotunda::store
