// AgreementRepository.cpp — affiliation agreements between a facility and a school.
#include "store/AgreementRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "id, facility_id, school_id, name, start_date, end_date, notes, document_id, state, decline_reason, "
    "reminder_sent_at, created_by, created_at, updated_at";

Poco::Nullable<std::string> nullIfEmpty(const std::string& value) {
    return value.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(value);
}

void writeServices(Poco::Data::Session& session, const Agreement& a) {
    std::string id = a.id;
    session << "DELETE FROM agreement_services WHERE agreement_id = $1", use(id), now;
    for (const auto& service : a.serviceIds) {
        std::string s = service;
        session << "INSERT INTO agreement_services (agreement_id, service_id) VALUES ($1, $2)", use(id), use(s), now;
    }
}

}  // namespace

std::vector<Agreement> AgreementRepository::select(const std::string& where, std::vector<std::string> values) {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    query << "SELECT " + kColumns + " FROM agreements WHERE " + where + " ORDER BY start_date, id";
    for (auto& value : values) query, use(value);
    query.execute();
    Poco::Data::RecordSet rows(query);
    std::vector<Agreement> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto text = [&](std::size_t column) {
            return rows.value(column, row).isEmpty() ? std::string() : rows.value(column, row).convert<std::string>();
        };
        Agreement a;
        a.id = text(0);
        a.facilityId = text(1);
        a.schoolId = text(2);
        a.name = text(3);
        a.startDate = text(4);
        a.endDate = text(5);
        a.notes = text(6);
        a.documentId = text(7);
        a.state = text(8);
        a.declineReason = text(9);
        a.reminderSentAt = text(10);
        a.createdBy = text(11);
        a.createdAt = text(12);
        a.updatedAt = text(13);
        found.push_back(std::move(a));
    }
    for (auto& a : found) {
        std::string key = a.id;
        session << "SELECT service_id FROM agreement_services WHERE agreement_id = $1 ORDER BY service_id", use(key),
            into(a.serviceIds), now;
    }
    return found;
}

Agreement AgreementRepository::create(Agreement a) {
    a.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    a.createdAt = a.updatedAt = utcNow();
    a.state = "draft";
    Poco::Nullable<std::string> document = nullIfEmpty(a.documentId);
    Database::WriteTransaction transaction(database_);
    transaction.session() << "INSERT INTO agreements (id, facility_id, school_id, name, start_date, end_date, notes, "
                             "document_id, state, created_by, created_at, updated_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        use(a.id), use(a.facilityId), use(a.schoolId), use(a.name), use(a.startDate), use(a.endDate), use(a.notes),
        use(document), use(a.state), use(a.createdBy), use(a.createdAt), use(a.updatedAt), now;
    writeServices(transaction.session(), a);
    transaction.commit();
    return a;
}

std::optional<Agreement> AgreementRepository::findById(const std::string& id) {
    auto found = select("id = $1", {id});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Agreement> AgreementRepository::listForFacility(const std::string& facilityId) {
    return select("facility_id = $1", {facilityId});
}

std::vector<Agreement> AgreementRepository::listForSchool(const std::string& schoolId) {
    return select("school_id = $1 AND state <> 'draft'", {schoolId});
}

bool AgreementRepository::updateDraft(const Agreement& agreement) {
    Agreement a = agreement;
    a.updatedAt = utcNow();
    Poco::Nullable<std::string> document = nullIfEmpty(a.documentId);
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement write(transaction.session());
    write << "UPDATE agreements SET school_id = $1, name = $2, start_date = $3, end_date = $4, notes = $5, "
             "document_id = $6, updated_at = $7 WHERE id = $8 AND state = 'draft'",
        use(a.schoolId), use(a.name), use(a.startDate), use(a.endDate), use(a.notes), use(document), use(a.updatedAt),
        use(a.id);
    if (write.execute() != 1) return false;
    writeServices(transaction.session(), a);
    transaction.commit();
    return true;
}

bool AgreementRepository::transition(const std::string& id, const std::string& from, const std::string& to,
                                     const std::string& reason) {
    std::string key = id, before = from, after = to, why = reason, updated = utcNow();
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement write(session);
    write << "UPDATE agreements SET state = $1, decline_reason = $2, updated_at = $3 WHERE id = $4 AND state = $5",
        use(after), use(why), use(updated), use(key), use(before);
    return write.execute() == 1;
}

bool AgreementRepository::removeDraft(const std::string& id) {
    std::string key = id, key2 = id;
    Database::WriteTransaction transaction(database_);
    transaction.session() << "DELETE FROM agreement_services WHERE agreement_id = $1 AND EXISTS "
                             "(SELECT 1 FROM agreements WHERE id = $2 AND state = 'draft')",
        use(key), use(key2), now;
    Poco::Data::Statement drop(transaction.session());
    drop << "DELETE FROM agreements WHERE id = $1 AND state = 'draft'", use(key);
    const bool removed = drop.execute() == 1;
    transaction.commit();
    return removed;
}

std::optional<Agreement> AgreementRepository::findActiveCovering(const std::string& facilityId,
                                                                 const std::string& schoolId,
                                                                 const std::string& serviceId,
                                                                 const std::string& start, const std::string& end) {
    auto found = select(
        "facility_id = $1 AND school_id = $2 AND state = 'active' AND start_date <= $3 AND end_date >= $4 AND "
        "(NOT EXISTS (SELECT 1 FROM agreement_services x WHERE x.agreement_id = agreements.id) OR EXISTS "
        "(SELECT 1 FROM agreement_services x WHERE x.agreement_id = agreements.id AND x.service_id = $5))",
        {facilityId, schoolId, start, end, serviceId});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Agreement> AgreementRepository::activeEndedBefore(const std::string& today) {
    return select("state = 'active' AND end_date < $1", {today});
}

std::vector<Agreement> AgreementRepository::dueForReminder(const std::string& today, const std::string& lastDay) {
    return select("state = 'active' AND reminder_sent_at IS NULL AND end_date >= $1 AND end_date <= $2",
                  {today, lastDay});
}

bool AgreementRepository::markReminded(const std::string& id) {
    std::string key = id, sent = utcNow();
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement write(session);
    write << "UPDATE agreements SET reminder_sent_at = $1 WHERE id = $2 AND reminder_sent_at IS NULL", use(sent),
        use(key);
    return write.execute() == 1;
}

std::vector<std::string> AgreementRepository::staffEmails(const std::string& organizationId) {
    std::string key = organizationId;
    std::vector<std::string> emails;
    Poco::Data::Session session = database_.session();
    session << "SELECT DISTINCT u.email FROM users u JOIN memberships m ON m.user_id = u.id "
               "WHERE m.organization_id = $1 AND m.role IN ('admin', 'coordinator') AND u.status = 'active' "
               "ORDER BY u.email",
        use(key), into(emails), now;
    return emails;
}

}  // namespace rotunda::store
