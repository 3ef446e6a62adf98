// StepCompletionRepositoryTest.cpp — the steps of a rotation in the store, on
// SQLite and PostgreSQL: a state change is conditional on the state it was read
// in (16 people verifying one step at once: one wins) and appends one activity
// entry; a once-per-student step carries over verified to the student's next
// rotation while it has not lapsed; the job's expiry question.
#include "StoreTestSupport.h"
#include "TestSupport.h"
#include "store/Migrator.h"
#include "store/RotationRepository.h"
#include "store/StepCompletionRepository.h"

#include <atomic>
#include <thread>
#include <vector>

using namespace Poco::Data::Keywords;
using rotunda::store::Rotation;
using rotunda::store::RotationEvent;
using rotunda::store::RotationRepository;
using rotunda::store::RotationStep;
using rotunda::store::StepCompletionRepository;
using rotunda::test::TestDatabase;

namespace {

void exec(rotunda::store::Database& database, const std::string& sql) {
    Poco::Data::Session session = database.session();
    session << sql, now;
}

int scalar(rotunda::store::Database& db, const std::string& sql) {
    int value = -1;
    Poco::Data::Session session = db.session();
    session << sql, into(value), now;
    return value;
}

// A facility with a service and a window, a school, a student and a coordinator;
// the facility's steps "imm" (a document, once per student, 30 days), "form" and
// "pass" (a plugin's step type, once per student).
void seed(rotunda::store::Database& db) {
    const std::string t = "'2026-01-01T00:00:00.000Z'";
    for (const std::string id : {"coord", "stu"})
        exec(db, "INSERT INTO users (id, email, name, status, created_at, updated_at) VALUES ('" + id + "', '" + id +
                     "@x', '" + id + "', 'active', " + t + ", " + t + ")");
    exec(db, "INSERT INTO organizations (id, kind, name, created_at, updated_at) VALUES ('fac', 'facility', 'F', " + t +
                 ", " + t + ")");
    exec(db, "INSERT INTO organizations (id, kind, name, created_at, updated_at) VALUES ('sch', 'school', 'S', " + t +
                 ", " + t + ")");
    exec(db, "INSERT INTO services (id, organization_id, name, created_at, updated_at) VALUES ('svc', 'fac', 'E', " + t +
                 ", " + t + ")");
    exec(db, "INSERT INTO capacity_windows (id, service_id, start_date, end_date, capacity, workflow, created_at, "
             "updated_at) VALUES ('win', 'svc', '2027-03-01', '2027-12-31', 10, 'student_requested', " + t + ", " + t + ")");
    int position = 0;
    for (const std::string id : {"imm", "form", "pass"}) {
        exec(db, "INSERT INTO steps (id, organization_id, phase, position, current_version, archived, created_at, "
                 "updated_at) VALUES ('" + id + "', 'fac', 'onboarding', " + std::to_string(++position) + ", 1, 0, " +
                     t + ", " + t + ")");
        exec(db, "INSERT INTO step_versions (step_id, version, name, step_type, completed_by, required, expiry_days, "
                 "once_per_student, created_by, created_at) VALUES ('" + id + "', 1, '" + id + "', '" +
                     (id == "imm" ? "document" : id == "pass" ? "pass-check" : "form") + "', 'student', 1, " +
                     (id == "imm" ? "30" : "NULL") + ", " + (id == "form" ? "0" : "1") + ", 'coord', " + t + ")");
    }
}

std::vector<RotationStep> steps() {
    RotationStep pass{"pass", 1, "onboarding", 3, true, "student", true};
    pass.pluginType = true;
    pass.stepType = "pass-check";
    return {{"imm", 1, "onboarding", 1, true, "student", true}, {"form", 1, "onboarding", 2, true, "student", false},
            pass};
}

// A new draft rotation of the student (drafts hold no place, so dates may repeat).
std::string newRotation(rotunda::store::Database& db,
                        const std::vector<rotunda::store::CarryOverApproval>& approvals = {}) {
    Rotation r;
    r.studentId = "stu";
    r.schoolId = "sch";
    r.facilityId = "fac";
    r.serviceId = "svc";
    r.windowId = "win";
    r.startDate = "2027-03-01";
    r.endDate = "2027-03-14";
    r.origin = "application";
    r.status = "draft";
    r.createdBy = "coord";
    std::vector<Rotation> one{r};
    RotationRepository(db).create(one, steps(), 0, true, nullptr, approvals);
    return one.front().id;
}

RotationEvent stepEvent(const std::string& rotationId, const std::string& action) {
    RotationEvent e;
    e.rotationId = rotationId;
    e.actorId = "coord";
    e.kind = "step";
    e.action = action;
    return e;
}

}  // namespace

class StepCompletionRepositoryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StepCompletionRepositoryTest);
    CPPUNIT_TEST(testAChangeIsConditionalOnTheStateItWasReadIn);
    CPPUNIT_TEST(testSixteenConcurrentVerifiersOneWins);
    CPPUNIT_TEST(testAVerifiedOncePerStudentStepCarriesOverUntilItLapses);
    CPPUNIT_TEST(testFactsAndReviewReasonsAreKept);
    CPPUNIT_TEST(testAPluginStepCarriesOverOnlyWithLeaveForItsSource);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAChangeIsConditionalOnTheStateItWasReadIn() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database());
            const std::string r = newRotation(db.database());
            StepCompletionRepository repository(db.database());
            const auto all = repository.forRotation(r);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::size_t(3), all.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("imm"), all[0].completion.stepId);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("document"), all[0].stepType);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 30, all[0].expiryDays);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("fac"), all[0].ownerId);
            auto form = *repository.find(r, "form");
            form.completion.state = "submitted";
            form.completion.answers = "{\"a\":1}";
            form.completion.submittedBy = "stu";
            form.completion.submittedAt = "2027-02-01T00:00:00.000Z";
            CPPUNIT_ASSERT_MESSAGE(backend, repository.update(form.completion, "todo", stepEvent(r, "step.submitted")));
            CPPUNIT_ASSERT_MESSAGE(backend, !repository.update(form.completion, "todo", stepEvent(r, "step.submitted")));
            const auto stored = *repository.findById(form.completion.id);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("submitted"), stored.completion.state);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("{\"a\":1}"), stored.completion.answers);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 1,
                                         scalar(db.database(), "SELECT COUNT(*) FROM rotation_events WHERE kind = 'step' "
                                                               "AND step_completion_id = '" + form.completion.id + "'"));
        }
    }

    void testSixteenConcurrentVerifiersOneWins() {
        constexpr int kVerifiers = 16;
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database());
            const std::string r = newRotation(db.database());
            StepCompletionRepository repository(db.database());
            auto form = *repository.find(r, "form");
            form.completion.state = "submitted";
            CPPUNIT_ASSERT(repository.update(form.completion, "todo", stepEvent(r, "step.submitted")));
            std::atomic<int> won{0}, lost{0}, errors{0}, ready{0};
            std::vector<std::thread> verifiers;
            for (int i = 0; i < kVerifiers; ++i)
                verifiers.emplace_back([&, i] {
                    ++ready;
                    while (ready.load() < kVerifiers) std::this_thread::yield();
                    try {
                        auto after = form.completion;
                        after.state = i % 2 ? "verified" : "rejected";
                        after.reason = i % 2 ? "" : "no";
                        if (StepCompletionRepository(db.database()).update(after, "submitted", stepEvent(r, "step." + after.state)))
                            ++won;
                        else
                            ++lost;
                    } catch (const Poco::Exception&) {
                        ++errors;
                    }
                });
            for (auto& v : verifiers) v.join();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, errors.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 1, won.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kVerifiers - 1, lost.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 2,
                                         scalar(db.database(), "SELECT COUNT(*) FROM rotation_events WHERE kind = 'step'"));
        }
    }

    void testAVerifiedOncePerStudentStepCarriesOverUntilItLapses() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database());
            const std::string first = newRotation(db.database());
            StepCompletionRepository repository(db.database());
            auto imm = *repository.find(first, "imm");
            imm.completion.state = "verified";
            imm.completion.documentIds = "[\"d1\"]";
            imm.completion.verifiedBy = "coord";
            imm.completion.verifiedAt = "2027-02-01T00:00:00.000Z";
            imm.completion.expiresAt = "2999-01-01";
            CPPUNIT_ASSERT(repository.update(imm.completion, "todo", stepEvent(first, "step.verified")));
            auto form = *repository.find(first, "form");
            form.completion.state = "verified";
            CPPUNIT_ASSERT(repository.update(form.completion, "todo", stepEvent(first, "step.verified")));

            const std::string second = newRotation(db.database());
            const auto carried = *repository.find(second, "imm");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("verified"), carried.completion.state);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, imm.completion.id, carried.completion.carriedFrom);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("[\"d1\"]"), carried.completion.documentIds);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("2999-01-01"), carried.completion.expiresAt);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("coord"), carried.completion.verifiedBy);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("todo"), repository.find(second, "form")->completion.state);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 1,
                                         scalar(db.database(), "SELECT COUNT(*) FROM rotation_events WHERE rotation_id = '" +
                                                                   second + "' AND action = 'step.carried_over'"));

            // Lapsed (on both rotations): the job's question finds them; a third rotation starts at todo.
            exec(db.database(), "UPDATE step_completions SET expires_at = '2000-01-01' WHERE step_id = 'imm'");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::size_t(2), repository.dueToExpire("2000-01-02").size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::size_t(0), repository.dueToExpire("2000-01-01").size());
            const std::string third = newRotation(db.database());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("todo"), repository.find(third, "imm")->completion.state);
        }
    }

    void testFactsAndReviewReasonsAreKept() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database());
            const std::string first = newRotation(db.database());
            StepCompletionRepository repository(db.database());
            auto pass = *repository.find(first, "pass");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("[]"), pass.completion.facts);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string(), pass.completion.reviewReasons);
            pass.completion.state = "submitted";
            pass.completion.facts = "[{\"name\":\"pass\",\"value\":\"1001\"}]";
            pass.completion.reviewReasons = "not of series 2\nphoto unclear";
            CPPUNIT_ASSERT(repository.update(pass.completion, "todo", stepEvent(first, "step.submitted")));
            const auto stored = *repository.find(first, "pass");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, pass.completion.facts, stored.completion.facts);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, pass.completion.reviewReasons, stored.completion.reviewReasons);
        }
    }

    void testAPluginStepCarriesOverOnlyWithLeaveForItsSource() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database());
            const std::string first = newRotation(db.database());
            StepCompletionRepository repository(db.database());
            auto pass = *repository.find(first, "pass");
            pass.completion.state = "verified";
            pass.completion.answers = "{\"passNumber\":\"1001\"}";
            pass.completion.facts = "[{\"name\":\"pass\",\"value\":\"1001\"}]";
            pass.completion.verifiedAt = "2027-02-01T00:00:00.000Z";
            pass.completion.expiresAt = "2999-01-01";
            CPPUNIT_ASSERT(repository.update(pass.completion, "todo", stepEvent(first, "step.verified")));
            const auto source = repository.carryOverSource("stu", "pass", "2027-02-02");
            CPPUNIT_ASSERT_MESSAGE(backend, source.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, pass.completion.id, source->completion.id);
            CPPUNIT_ASSERT_MESSAGE(backend, !repository.carryOverSource("stu", "pass", "3000-01-01").has_value());

            // Without leave (its plugin said no, or was not there): to be done again.
            const std::string second = newRotation(db.database());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("todo"), repository.find(second, "pass")->completion.state);
            // Leave for another completion (the source changed meanwhile) is no leave.
            const std::string third = newRotation(db.database(), {{"stu", "pass", "another-completion", "2998-01-01"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("todo"), repository.find(third, "pass")->completion.state);
            // With leave for the source: a verified copy with the re-verification's expiry and the facts.
            const std::string fourth = newRotation(db.database(), {{"stu", "pass", pass.completion.id, "2998-01-01"}});
            const auto carried = repository.find(fourth, "pass")->completion;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("verified"), carried.state);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, pass.completion.id, carried.carriedFrom);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("2998-01-01"), carried.expiresAt);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, pass.completion.facts, carried.facts);
            // Leave without an expiry keeps the source's (now either completion: both are verified).
            const auto latest = *repository.carryOverSource("stu", "pass", "2027-02-02");
            const std::string fifth = newRotation(db.database(), {{"stu", "pass", latest.completion.id, ""}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, latest.completion.expiresAt,
                                         repository.find(fifth, "pass")->completion.expiresAt);
            // The built-in once-per-student step needs no leave.
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("todo"), repository.find(fifth, "imm")->completion.state);
        }
    }
};

ROTUNDA_TEST_SUITE(StepCompletionRepositoryTest);
