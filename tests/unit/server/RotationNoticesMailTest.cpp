// RotationNoticesMailTest.cpp — api::RotationNotices against a real SQLite
// database and outbox: a rejected step mails the student (the path the steps'
// reject route calls), a comment mails the other people of the rotation, and a
// person who turned rotation_action off, or whose account is disabled, gets nothing.
#include "TestSupport.h"
#include "api/RotationNotices.h"
#include "mail/Mailer.h"
#include "mail/Outbox.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/NotificationSettingsRepository.h"
#include "store/RotationRepository.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <algorithm>
#include <memory>

using namespace rotunda;

namespace {

/// A transport that keeps what it is given.
class KeepingMailer : public mail::Mailer {
public:
    void send(const mail::MailMessage& message) override { sent.push_back(message); }
    std::string describe() const override { return "kept in memory"; }
    app::ComponentHealth health() const override { return {"mail", "ok", "", false}; }
    std::vector<mail::MailMessage> sent;
};

const char* kFixture[] = {
    "INSERT INTO users (id, email, name, status, created_at, updated_at) VALUES "
    "('sam', 'sam@example.org', 'Sam Student', 'active', 'x', 'x'), "
    "('pat', 'pat@example.org', 'Pat Preceptor', 'active', 'x', 'x'), "
    "('scott', 'scott@example.org', 'Scott Coordinator', 'active', 'x', 'x'), "
    "('gone', 'gone@example.org', 'Gone Coordinator', 'disabled', 'x', 'x'), "
    "('fiona', 'fiona@example.org', 'Fiona Admin', 'active', 'x', 'x'), "
    "('felix', 'felix@example.org', 'Felix Faculty', 'active', 'x', 'x')",
    "INSERT INTO organizations (id, kind, name, created_at, updated_at) VALUES "
    "('mercy', 'facility', 'Mercy General', 'x', 'x'), ('stateu', 'school', 'State University', 'x', 'x')",
    "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES "
    "('stateu', 'sam', 'student', 'manual', 'x'), ('stateu', 'scott', 'coordinator', 'manual', 'x'), "
    "('stateu', 'gone', 'admin', 'manual', 'x'), ('stateu', 'felix', 'faculty', 'manual', 'x'), "
    "('mercy', 'fiona', 'admin', 'manual', 'x'), ('mercy', 'pat', 'preceptor', 'manual', 'x')",
    "INSERT INTO services (id, organization_id, name, created_at, updated_at) VALUES "
    "('er', 'mercy', 'Emergency', 'x', 'x')",
    "INSERT INTO capacity_windows (id, service_id, start_date, end_date, capacity, workflow, created_at, updated_at) "
    "VALUES ('w1', 'er', '2027-03-01', '2027-03-31', 5, 'coordinator_scheduled', 'x', 'x')",
    "INSERT INTO rotations (id, student_id, school_id, facility_id, service_id, window_id, preceptor_id, start_date, "
    "end_date, origin, status, created_by, created_at, updated_at, status_changed_at) VALUES ('r1', 'sam', "
    "'stateu', 'mercy', 'er', 'w1', 'pat', '2027-03-01', '2027-03-14', 'scheduled', 'onboarding', 'scott', 'x', "
    "'x', 'x')",
};

}  // namespace

class RotationNoticesMailTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RotationNoticesMailTest);
    CPPUNIT_TEST(testRejectedStepMailsTheStudentNamingStepAndRotation);
    CPPUNIT_TEST(testNobodyIsMailedWhoTurnedRotationActionOff);
    CPPUNIT_TEST(testCommentMailsTheOtherActivePeopleWithoutItsText);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        directory_ = Poco::TemporaryFile::tempName();
        Poco::File(directory_).createDirectories();
        store::DatabaseSettings settings;
        settings.sqlitePath = Poco::Path(directory_, "rotunda.db").toString();
        database_ = std::make_unique<store::Database>(settings);
        store::Migrator(*database_).migrate();
        Poco::Data::Session session = database_->session();
        for (const char* sql : kFixture) session << sql, Poco::Data::Keywords::now;
        mailer_ = std::make_unique<KeepingMailer>();
        outbox_ = std::make_unique<mail::Outbox>(*database_, *mailer_, mail::OutboxSettings{});
        notices_ = std::make_unique<api::RotationNotices>(*database_, outbox_.get(), "https://rotunda.example/");
    }

    void tearDown() override {
        notices_.reset();
        outbox_.reset();
        mailer_.reset();
        database_.reset();
        Poco::File(directory_).remove(true);
    }

    void testRejectedStepMailsTheStudentNamingStepAndRotation() {
        notices_->stepRejected(rotation(), "Immunization record");
        outbox_->deliverDue();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), mailer_->sent.size());
        const mail::MailMessage& m = mailer_->sent.front();
        CPPUNIT_ASSERT(m.to() == std::vector<std::string>{"sam@example.org"});
        CPPUNIT_ASSERT_EQUAL(std::string("A step needs your attention: Immunization record"), m.subject());
        CPPUNIT_ASSERT(contains(m.textBody(), "\"Immunization record\""));
        CPPUNIT_ASSERT(contains(m.textBody(), "Sam Student, Emergency at Mercy General, 2027-03-01 to 2027-03-14"));
        CPPUNIT_ASSERT(contains(m.textBody(), "https://rotunda.example/"));
        CPPUNIT_ASSERT(contains(m.htmlBody(), "&quot;Immunization record&quot;"));
    }

    void testNobodyIsMailedWhoTurnedRotationActionOff() {
        store::NotificationSettingsRepository(*database_).setChoice("sam", "rotation_action", false);
        notices_->stepRejected(rotation(), "Badge");
        CPPUNIT_ASSERT(!notices_->startReminder("r1"));
        notices_->decided("r1", "accept");
        outbox_->deliverDue();
        CPPUNIT_ASSERT(mailer_->sent.empty());
    }

    void testCommentMailsTheOtherActivePeopleWithoutItsText() {
        notices_->commented("r1", "sam");
        outbox_->deliverDue();
        std::vector<std::string> to;
        for (const auto& m : mailer_->sent) {
            to.insert(to.end(), m.to().begin(), m.to().end());
            CPPUNIT_ASSERT(contains(m.textBody(), "Sam Student commented on the rotation Sam Student, Emergency"));
        }
        std::sort(to.begin(), to.end());
        // Not the author, not the disabled admin, not faculty.
        CPPUNIT_ASSERT(to == (std::vector<std::string>{"fiona@example.org", "pat@example.org", "scott@example.org"}));
    }

private:
    static bool contains(const std::string& text, const std::string& part) {
        return text.find(part) != std::string::npos;
    }

    store::Rotation rotation() { return *store::RotationRepository(*database_).findById("r1"); }

    std::string directory_;
    std::unique_ptr<store::Database> database_;
    std::unique_ptr<KeepingMailer> mailer_;
    std::unique_ptr<mail::Outbox> outbox_;
    std::unique_ptr<api::RotationNotices> notices_;
};

ROTUNDA_TEST_SUITE(RotationNoticesMailTest);
