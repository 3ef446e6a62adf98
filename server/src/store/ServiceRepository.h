// ServiceRepository.h — a facility's service areas and the steps that apply to each.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// A service area students rotate in.
struct Service {
    std::string id;
    std::string organizationId;
    std::string name;
    std::string specialty;
    std::string location;
    std::string description;
    bool active = true;
    std::string createdAt;
    std::string updatedAt;
    std::vector<std::string> stepIds;       ///< in order (each step carries its phase)
    std::vector<std::string> agreementIds;  ///< agreements that list this service (read only here)
};

/// Which services a list returns, and from where.
struct ServiceQuery {
    std::string organizationId;
    std::string specialty;  ///< empty: any
    int active = -1;        ///< 1 active, 0 archived, -1 both
    int limit = 50;
    std::string after;      ///< the last id of the previous page; empty: from the start
};

class ServiceRepository {
public:
    explicit ServiceRepository(Database& database) : database_(database) {}

    /// Stores a new service (new id) with its steps, in one transaction.
    Service create(Service service);
    std::optional<Service> findById(const std::string& id);
    /// One page of services by name then id (a stable order).
    std::vector<Service> list(const ServiceQuery& query);
    /// Writes the fields and replaces the step list, in one transaction.
    void update(const Service& service);

private:
    void loadLinks(Service& service);

    Database& database_;
};

}  // namespace rotunda::store
