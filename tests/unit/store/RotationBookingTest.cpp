// RotationBookingTest.cpp — places on a capacity window under concurrent bookers,
// on SQLite and PostgreSQL: never more rotations holding a place than capacity,
// booked always equal to them, places given back on cancel and taken on accept,
// and a school's limit on a window.
#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

#include "StoreTestSupport.h"
#include "TestSupport.h"
#include "store/Migrator.h"
#include "store/RotationRepository.h"

using namespace Poco::Data::Keywords;
using rotunda::store::BookingResult;
using rotunda::store::Rotation;
using rotunda::store::RotationRepository;
using rotunda::test::TestDatabase;

namespace {

void exec(rotunda::store::Database& database, const std::string& sql) {
    Poco::Data::Session session = database.session();
    session << sql, now;
}

// A facility with one service and one window of `capacity`, a school, and
// `students` student accounts s0 … sN-1.
void seed(rotunda::store::Database& db, int capacity, int students) {
    const std::string t = "'2026-01-01T00:00:00.000Z'";
    exec(db, "INSERT INTO users (id, email, name, status, created_at, updated_at) VALUES ('coord', 'c@x', 'C', "
             "'active', " + t + ", " + t + ")");
    for (int i = 0; i < students; ++i) {
        const std::string id = "s" + std::to_string(i);
        exec(db, "INSERT INTO users (id, email, name, status, created_at, updated_at) VALUES ('" + id + "', '" + id +
                     "@x', '" + id + "', 'active', " + t + ", " + t + ")");
    }
    exec(db, "INSERT INTO organizations (id, kind, name, created_at, updated_at) VALUES ('fac', 'facility', 'F', " +
                 t + ", " + t + ")");
    exec(db, "INSERT INTO organizations (id, kind, name, created_at, updated_at) VALUES ('sch', 'school', 'S', " +
                 t + ", " + t + ")");
    exec(db, "INSERT INTO services (id, organization_id, name, created_at, updated_at) VALUES ('svc', 'fac', 'E', " +
                 t + ", " + t + ")");
    exec(db, "INSERT INTO capacity_windows (id, service_id, start_date, end_date, capacity, workflow, created_at, "
             "updated_at) VALUES ('win', 'svc', '2027-03-01', '2027-03-31', " + std::to_string(capacity) +
                 ", 'student_requested', " + t + ", " + t + ")");
}

Rotation rotationFor(const std::string& student, const std::string& status) {
    Rotation r;
    r.studentId = student;
    r.schoolId = "sch";
    r.facilityId = "fac";
    r.serviceId = "svc";
    r.windowId = "win";
    r.startDate = "2027-03-01";
    r.endDate = "2027-03-14";
    r.origin = "scheduled";
    r.status = status;
    r.holdsPlace = status == "onboarding";
    r.createdBy = "coord";
    return r;
}

int scalar(rotunda::store::Database& db, const std::string& sql) {
    int value = -1;
    Poco::Data::Session session = db.session();
    session << sql, into(value), now;
    return value;
}

}  // namespace

class RotationBookingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RotationBookingTest);
    CPPUNIT_TEST(testCapacityIsNeverOverbookedBy64ConcurrentBookers);
    CPPUNIT_TEST(testConcurrentAcceptancesOfApplicationsNeverOverbook);
    CPPUNIT_TEST(testCancelGivesThePlaceBackAndAStaleChangeIsRefused);
    CPPUNIT_TEST(testSchoolLimitIsCheckedInTheBookingTransaction);
    CPPUNIT_TEST(testOneStudentBookedConcurrentlyGetsOnePlace);
    CPPUNIT_TEST(testAPreceptorBookedConcurrentlyStaysWithinTheLimit);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCapacityIsNeverOverbookedBy64ConcurrentBookers() {
        constexpr int kBookers = 64, kCapacity = 5;
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database(), kCapacity, kBookers);
            {
                std::vector<Poco::Data::Session> warm;
                for (int i = 0; i < kBookers; ++i) warm.push_back(db.database().session());
            }
            std::atomic<int> booked{0}, full{0}, errors{0}, ready{0};
            std::vector<std::thread> bookers;
            for (int i = 0; i < kBookers; ++i)
                bookers.emplace_back([&, i] {
                    ++ready;
                    while (ready.load() < kBookers) std::this_thread::yield();
                    try {
                        std::vector<Rotation> one{rotationFor("s" + std::to_string(i), "onboarding")};
                        const BookingResult result = RotationRepository(db.database()).create(one, {}, 0);
                        if (result == BookingResult::Done) ++booked;
                        else if (result == BookingResult::Full) ++full;
                    } catch (const Poco::Exception& e) {
                        std::cerr << backend << ": " << e.displayText() << "\n";
                        ++errors;
                    }
                });
            for (std::thread& b : bookers) b.join();
            std::cout << "\n" << backend << ": " << kBookers << " concurrent bookers on capacity " << kCapacity
                      << ": " << booked.load() << " booked, " << full.load() << " refused as full, " << errors.load()
                      << " errors\n";
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, errors.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kCapacity, booked.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kBookers - kCapacity, full.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kCapacity,
                                         scalar(db.database(), "SELECT booked FROM capacity_windows WHERE id = 'win'"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kCapacity,
                                         scalar(db.database(), "SELECT COUNT(*) FROM rotations WHERE holds_place = 1"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kCapacity,
                                         scalar(db.database(), "SELECT COUNT(*) FROM rotation_events"));
        }
    }

    void testConcurrentAcceptancesOfApplicationsNeverOverbook() {
        constexpr int kApplicants = 64, kCapacity = 3;
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database(), kCapacity, kApplicants);
            std::vector<Rotation> applications;
            for (int i = 0; i < kApplicants; ++i) applications.push_back(rotationFor("s" + std::to_string(i), "pending_site"));
            CPPUNIT_ASSERT(RotationRepository(db.database()).create(applications, {}, 0) == BookingResult::Done);
            std::atomic<int> accepted{0}, full{0}, errors{0}, ready{0};
            std::vector<std::thread> reviewers;
            for (int i = 0; i < kApplicants; ++i)
                reviewers.emplace_back([&, i] {
                    ++ready;
                    while (ready.load() < kApplicants) std::this_thread::yield();
                    try {
                        Rotation after = applications[static_cast<std::size_t>(i)];
                        after.status = "onboarding";
                        after.holdsPlace = true;
                        const BookingResult result = RotationRepository(db.database())
                                                         .changeStatus(after, "pending_site", 0, true, "coord", "accept", "{}");
                        if (result == BookingResult::Done) ++accepted;
                        else if (result == BookingResult::Full) ++full;
                    } catch (const Poco::Exception& e) {
                        std::cerr << backend << ": " << e.displayText() << "\n";
                        ++errors;
                    }
                });
            for (std::thread& r : reviewers) r.join();
            std::cout << backend << ": " << kApplicants << " concurrent acceptances on capacity " << kCapacity << ": "
                      << accepted.load() << " accepted, " << full.load() << " refused as full\n";
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, errors.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kCapacity, accepted.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kCapacity,
                                         scalar(db.database(), "SELECT booked FROM capacity_windows WHERE id = 'win'"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kApplicants - kCapacity,
                                         scalar(db.database(), "SELECT COUNT(*) FROM rotations WHERE status = 'pending_site'"));
        }
    }

    void testCancelGivesThePlaceBackAndAStaleChangeIsRefused() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database(), 1, 2);
            RotationRepository rotations(db.database());
            std::vector<Rotation> first{rotationFor("s0", "onboarding")}, second{rotationFor("s1", "onboarding")};
            CPPUNIT_ASSERT(rotations.create(first, {}, 0) == BookingResult::Done);
            CPPUNIT_ASSERT_MESSAGE(backend, rotations.create(second, {}, 0) == BookingResult::Full);
            CPPUNIT_ASSERT_EQUAL(0, scalar(db.database(), "SELECT COUNT(*) FROM rotations WHERE student_id = 's1'"));
            Rotation cancelled = first.front();
            cancelled.status = "cancelled";
            cancelled.holdsPlace = false;
            cancelled.statusBeforeCancel = "onboarding";
            cancelled.cancelledParty = "school";
            CPPUNIT_ASSERT(rotations.changeStatus(cancelled, "onboarding", 0, true, "coord", "cancel", "{}") ==
                           BookingResult::Done);
            CPPUNIT_ASSERT_EQUAL(0, scalar(db.database(), "SELECT booked FROM capacity_windows WHERE id = 'win'"));
            CPPUNIT_ASSERT_MESSAGE(backend, rotations.changeStatus(cancelled, "onboarding", 0, true, "coord", "cancel", "{}") ==
                                                BookingResult::Changed);
            CPPUNIT_ASSERT(rotations.create(second, {}, 0) == BookingResult::Done);
            Rotation reopened = cancelled;
            reopened.status = "onboarding";
            reopened.holdsPlace = true;
            CPPUNIT_ASSERT_MESSAGE(backend, rotations.changeStatus(reopened, "cancelled", 0, true, "coord", "reopen", "{}") ==
                                                BookingResult::Full);
            CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), rotations.findById(cancelled.id)->status);
            CPPUNIT_ASSERT_EQUAL(1, scalar(db.database(), "SELECT booked FROM capacity_windows WHERE id = 'win'"));
        }
    }

    void testSchoolLimitIsCheckedInTheBookingTransaction() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database(), 5, 3);
            RotationRepository rotations(db.database());
            std::vector<Rotation> two{rotationFor("s0", "onboarding"), rotationFor("s1", "onboarding")};
            CPPUNIT_ASSERT_MESSAGE(backend, rotations.create(two, {}, 1) == BookingResult::SchoolLimit);
            CPPUNIT_ASSERT_EQUAL(0, scalar(db.database(), "SELECT booked FROM capacity_windows WHERE id = 'win'"));
            two.pop_back();
            CPPUNIT_ASSERT(rotations.create(two, {}, 1) == BookingResult::Done);
            std::vector<Rotation> application{rotationFor("s2", "pending_site")};
            CPPUNIT_ASSERT(rotations.create(application, {}, 1) == BookingResult::Done);
            Rotation accepted = application.front();
            accepted.status = "onboarding";
            accepted.holdsPlace = true;
            CPPUNIT_ASSERT_MESSAGE(backend, rotations.changeStatus(accepted, "pending_site", 1, true, "coord", "accept", "{}") ==
                                                BookingResult::SchoolLimit);
            CPPUNIT_ASSERT_EQUAL(1, scalar(db.database(), "SELECT booked FROM capacity_windows WHERE id = 'win'"));
            CPPUNIT_ASSERT(rotations.changeStatus(accepted, "pending_site", 2, true, "coord", "accept", "{}") ==
                           BookingResult::Done);
            CPPUNIT_ASSERT_EQUAL(2, rotations.schoolPlaces("win", "sch"));
        }
    }

    void testOneStudentBookedConcurrentlyGetsOnePlace() {
        constexpr int kBookers = 16;
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database(), 10, 1);
            std::atomic<int> booked{0}, busy{0}, errors{0}, ready{0};
            std::vector<std::thread> bookers;
            for (int i = 0; i < kBookers; ++i)
                bookers.emplace_back([&] {
                    ++ready;
                    while (ready.load() < kBookers) std::this_thread::yield();
                    try {
                        std::vector<Rotation> one{rotationFor("s0", "onboarding")};
                        const BookingResult result = RotationRepository(db.database()).create(one, {}, 0);
                        if (result == BookingResult::Done) ++booked;
                        else if (result == BookingResult::StudentBusy) ++busy;
                    } catch (const Poco::Exception& e) {
                        std::cerr << backend << ": " << e.displayText() << "\n";
                        ++errors;
                    }
                });
            for (std::thread& b : bookers) b.join();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, errors.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 1, booked.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kBookers - 1, busy.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 1, scalar(db.database(), "SELECT booked FROM capacity_windows"));
            std::vector<Rotation> allowed{rotationFor("s0", "onboarding")};
            CPPUNIT_ASSERT(RotationRepository(db.database()).create(allowed, {}, 0, false) == BookingResult::Done);
        }
    }

    void testAPreceptorBookedConcurrentlyStaysWithinTheLimit() {
        constexpr int kBookers = 16, kMost = 2;
        // The limit as the api layer passes it: at most kMost rotations overlapping this one's dates.
        const rotunda::store::PreceptorCheck fits = [](const auto& others, const Rotation& r) {
            int overlapping = 0;
            for (const auto& [start, end] : others) overlapping += start <= r.endDate && end >= r.startDate ? 1 : 0;
            return overlapping + 1 <= kMost;
        };
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            seed(db.database(), 20, kBookers);
            std::atomic<int> booked{0}, busy{0}, errors{0}, ready{0};
            std::vector<std::thread> bookers;
            for (int i = 0; i < kBookers; ++i)
                bookers.emplace_back([&, i] {
                    ++ready;
                    while (ready.load() < kBookers) std::this_thread::yield();
                    try {
                        std::vector<Rotation> one{rotationFor("s" + std::to_string(i), "onboarding")};
                        one.front().preceptorId = "coord";
                        const BookingResult result = RotationRepository(db.database()).create(one, {}, 0, true, fits);
                        if (result == BookingResult::Done) ++booked;
                        else if (result == BookingResult::PreceptorBusy) ++busy;
                    } catch (const Poco::Exception& e) {
                        std::cerr << backend << ": " << e.displayText() << "\n";
                        ++errors;
                    }
                });
            for (std::thread& b : bookers) b.join();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, errors.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kMost, booked.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kBookers - kMost, busy.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, kMost, scalar(db.database(), "SELECT booked FROM capacity_windows"));
        }
    }
};

ROTUNDA_TEST_SUITE(RotationBookingTest);
