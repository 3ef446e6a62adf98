// JobLeaseRepository.h — which node runs a background job right now.
#pragma once

#include <string>

#include "store/Database.h"

namespace rotunda::store {

/// Leases with an expiry, so that with several nodes on one database each
/// background job runs on one node at a time, and a node that dies loses its
/// lease when it expires.
class JobLeaseRepository {
public:
    explicit JobLeaseRepository(Database& database) : database_(database) {}

    /// Takes or renews the lease of `job` for `holder` for `seconds`, in one
    /// conditional statement: succeeds when the job is free, expired or already
    /// held by `holder`. True when `holder` now holds it.
    bool tryAcquire(const std::string& job, const std::string& holder, int seconds);

    /// Gives the lease up, if `holder` holds it.
    void release(const std::string& job, const std::string& holder);

private:
    Database& database_;
};

}  // namespace rotunda::store
