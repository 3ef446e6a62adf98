// JobLeaseRepository.cpp — which node runs a background job right now.
#include "store/JobLeaseRepository.h"

#include <Poco/Timespan.h>

#include "store/Clock.h"

using namespace Poco::Data::Keywords;

namespace rotunda::store {

bool JobLeaseRepository::tryAcquire(const std::string& job, const std::string& holder,
                                    int seconds) {
    const Poco::Timestamp now_;
    std::string nowText = utcText(now_);
    std::string until = utcText(now_ + Poco::Timespan(seconds, 0));
    std::string jobName = job;
    std::string holderName = holder;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement upsert(session);
    upsert
        << "INSERT INTO job_leases (job, holder, lease_until, acquired_at) VALUES ($1, $2, $3, $4) "
           "ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, "
           "lease_until = excluded.lease_until, acquired_at = excluded.acquired_at "
           "WHERE job_leases.lease_until < $5 OR job_leases.holder = $6",
        use(jobName), use(holderName), use(until), use(nowText), use(nowText), use(holderName);
    return upsert.execute() == 1;
}

void JobLeaseRepository::release(const std::string& job, const std::string& holder) {
    std::string jobName = job;
    std::string holderName = holder;
    Poco::Data::Session session = database_.session();
    session << "DELETE FROM job_leases WHERE job = $1 AND holder = $2", use(jobName),
        use(holderName), now;
}

}  // namespace rotunda::store
