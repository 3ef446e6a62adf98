// DemoData.cpp — `rotunda-admin demo-data`: a facility, two partner schools, their
// people, steps, services, agreements and capacity, as a newcomer would expect to
// find them after a few weeks of real use.
#include "app/DemoData.h"

#include "auth/PasswordHasher.h"
#include "auth/Secrets.h"
#include "domain/Calendar.h"
#include "store/AgreementRepository.h"
#include "store/AuditRepository.h"
#include "store/CapacityWindowRepository.h"
#include "store/Clock.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/OrganizationRepository.h"
#include "store/PartnershipRepository.h"
#include "store/PeopleRepository.h"
#include "store/ServiceRepository.h"
#include "store/StepRepository.h"
#include "store/UserRepository.h"

#include <Poco/Data/DataException.h>

#include <iomanip>
#include <map>

using namespace Poco::Data::Keywords;

namespace rotunda::app {
namespace {

/// One demo account: who it is and what it may do.
struct Person {
    std::string email;
    std::string name;
    std::string title;
    std::string what;  ///< printed next to the email: "facility admin" …
};

/// Writes the demo through the repositories, so it is exactly what the API would
/// have stored (same ids, same rules), and remembers the accounts to print.
class DemoWriter {
public:
    DemoWriter(store::Database& database, std::string passwordHash)
        : database_(database), passwordHash_(std::move(passwordHash)), today_(domain::todayUtc()) {}

    void write();
    const std::vector<Person>& people() const { return people_; }
    const std::vector<std::string>& summary() const { return summary_; }

private:
    std::string day(int offset) const { return domain::addDays(today_, offset); }
    std::string user(const Person& person);
    store::Organization organization(const std::string& kind, const std::string& name, const std::string& type,
                                     const std::string& address, const std::string& phone, const std::string& website,
                                     const std::string& description, const Person& admin);
    void member(const store::Organization& o, const Person& person, const std::string& role);
    std::string step(const std::string& organizationId, const std::string& phase, int position, const std::string& name,
                     const std::string& instructions, const std::string& type, const std::string& definition,
                     const std::string& completedBy, bool required, int expiryDays, bool oncePerStudent);
    std::string service(const std::string& facilityId, const std::string& name, const std::string& specialty,
                        const std::string& location, const std::string& description,
                        const std::vector<std::string>& stepIds);
    std::string agreement(const std::string& facilityId, const std::string& schoolId, const std::string& name,
                          int from, int to, const std::string& notes, const std::vector<std::string>& states);
    void window(const std::string& serviceId, int from, int weeks, int capacity, const std::string& schoolId,
                int deadlineDaysBefore = 0, std::vector<std::pair<std::string, int>> limits = {});
    void students(const store::Organization& school, const std::string& domain, const std::string& program,
                  const std::vector<std::string>& names, int firstYear);

    store::Database& database_;
    std::string passwordHash_;
    std::string today_;
    std::string firstAdmin_;  ///< creates steps and agreements, as the facility's admin would
    std::vector<Person> people_;
    std::vector<std::string> summary_;
    int windows_ = 0;
};

std::string DemoWriter::user(const Person& person) {
    store::User u;
    u.email = person.email;
    u.name = person.name;
    u.title = person.title;
    u.passwordHash = passwordHash_;
    u.status = "active";
    const std::string id = store::UserRepository(database_).create(u).id;
    people_.push_back(person);
    return id;
}

store::Organization DemoWriter::organization(const std::string& kind, const std::string& name, const std::string& type,
                                             const std::string& address, const std::string& phone,
                                             const std::string& website, const std::string& description,
                                             const Person& admin) {
    store::Organization o;
    o.kind = kind;
    o.name = name;
    o.orgType = type;
    o.address = address;
    o.phone = phone;
    o.website = website;
    o.description = description;
    const std::string adminId = user(admin);
    if (firstAdmin_.empty()) firstAdmin_ = adminId;
    return store::OrganizationRepository(database_).create(o, adminId);
}

void DemoWriter::member(const store::Organization& o, const Person& person, const std::string& role) {
    store::Membership m;
    m.organizationId = o.id;
    m.userId = user(person);
    m.role = role;
    store::OrganizationRepository(database_).addMembership(m);
}

std::string DemoWriter::step(const std::string& organizationId, const std::string& phase, int position,
                             const std::string& name, const std::string& instructions, const std::string& type,
                             const std::string& definition, const std::string& completedBy, bool required,
                             int expiryDays, bool oncePerStudent) {
    store::Step s;
    s.organizationId = organizationId;
    s.phase = phase;
    s.position = position;
    store::StepVersion v;
    v.name = name;
    v.instructions = instructions;
    v.stepType = type;
    v.definition = definition;
    v.completedBy = completedBy;
    v.required = required;
    v.expiryDays = expiryDays;
    v.oncePerStudent = oncePerStudent;
    v.createdBy = firstAdmin_;
    return store::StepRepository(database_).create(s, v).id;
}

std::string DemoWriter::service(const std::string& facilityId, const std::string& name, const std::string& specialty,
                                const std::string& location, const std::string& description,
                                const std::vector<std::string>& stepIds) {
    store::Service s;
    s.organizationId = facilityId;
    s.name = name;
    s.specialty = specialty;
    s.location = location;
    s.description = description;
    s.stepIds = stepIds;
    return store::ServiceRepository(database_).create(s).id;
}

std::string DemoWriter::agreement(const std::string& facilityId, const std::string& schoolId, const std::string& name,
                                  int from, int to, const std::string& notes, const std::vector<std::string>& states) {
    store::Agreement a;
    a.facilityId = facilityId;
    a.schoolId = schoolId;
    a.name = name;
    a.startDate = day(from);
    a.endDate = day(to);
    a.notes = notes;
    a.createdBy = firstAdmin_;
    store::AgreementRepository agreements(database_);
    const std::string id = agreements.create(a).id;
    std::string state = "draft";
    for (const auto& next : states) {
        agreements.transition(id, state, next, "");
        state = next;
    }
    return id;
}

void DemoWriter::window(const std::string& serviceId, int from, int weeks, int capacity, const std::string& schoolId,
                        int deadlineDaysBefore, std::vector<std::pair<std::string, int>> limits) {
    store::CapacityWindow w;
    w.serviceId = serviceId;
    w.startDate = day(from);
    w.endDate = day(from + weeks * 7 - 1);
    w.capacity = capacity;
    w.workflow = schoolId.empty() ? "student_requested" : "coordinator_scheduled";
    w.schoolId = schoolId;
    if (deadlineDaysBefore > 0) w.applicationDeadline = day(from - deadlineDaysBefore);
    w.schoolLimits = std::move(limits);
    store::CapacityWindowRepository(database_).create(w);
    ++windows_;
}

void DemoWriter::students(const store::Organization& school, const std::string& domain, const std::string& program,
                          const std::vector<std::string>& names, int firstYear) {
    std::vector<store::StudentRecord> records;
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string local;
        for (char c : names[i]) local += c == ' ' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        records.push_back({names[i], local + "@" + domain, program, firstYear + static_cast<int>(i % 2)});
    }
    std::vector<store::ImportedStudent> imported;
    {
        store::Database::WriteTransaction transaction(database_);
        imported = store::PeopleRepository(database_).importStudents(transaction.session(), school.id, records);
        transaction.commit();
    }
    // Imported students are invited; the demo's can sign in at once.
    store::UserRepository users(database_);
    for (const auto& s : imported) {
        users.setPasswordHash(s.userId, passwordHash_);
        users.setStatus(s.userId, "active");
    }
    people_.push_back({records.front().email, records.front().name, "", "student of " + school.name + " (and " +
                                                                           std::to_string(records.size() - 1) +
                                                                           " more, same password)"});
    summary_.push_back(school.name + ": " + std::to_string(records.size()) + " students in " + program);
}

void DemoWriter::write() {
    // ------------------------------------------------------------ the facility
    const store::Organization riverside = organization(
        "facility", "Riverside General Hospital", "Teaching hospital", "1200 River Road, Springfield, IL 62701",
        "+1 217 555 0100", "https://riverside.example",
        "A 420-bed teaching hospital with a level II trauma centre. Students rotate through emergency, critical care, "
        "paediatrics, obstetrics, medical-surgical nursing and our family medicine clinic.",
        {"alex.morgan@riverside.example", "Alex Morgan", "Clinical Education Manager", "facility admin"});
    member(riverside, {"priya.shah@riverside.example", "Priya Shah", "Student Placement Coordinator",
                       "facility coordinator"}, "coordinator");
    member(riverside, {"lee.chen@riverside.example", "Dr. Lee Chen", "Attending Physician, Emergency Medicine",
                       "preceptor"}, "preceptor");
    member(riverside, {"maria.lopez@riverside.example", "Maria Lopez, RN", "Charge Nurse, Medical-Surgical Unit",
                       "preceptor"}, "preceptor");

    const std::string coverLetter = step(
        riverside.id, "application", 1, "Cover letter", "Tell us why you want this elective and what you hope to learn.",
        "form", R"({"fields":[{"name":"motivation","label":"Why this elective?","type":"text","required":true},)"
                R"({"name":"availability","label":"Earliest start date","type":"date","required":false}]})",
        "student", true, 0, false);
    const std::string immunizations = step(
        riverside.id, "onboarding", 1, "Immunization record",
        "Upload your immunization record: MMR, varicella, hepatitis B, Tdap, influenza for the current season.",
        "document", "{}", "student", true, 365, true);
    const std::string hipaa = step(
        riverside.id, "onboarding", 2, "HIPAA and confidentiality",
        "Read Riverside's confidentiality policy and confirm that you will follow it.", "confirmation", "{}",
        "student", true, 365, true);
    const std::string background = step(
        riverside.id, "onboarding", 3, "Background check",
        "The school confirms that the student's criminal background check is clear and on file.", "confirmation",
        "{}", "school_coordinator", true, 730, true);
    const std::string badge = step(
        riverside.id, "onboarding", 4, "Badge photo", "A recent passport-style photo for your hospital badge.",
        "document", "{}", "student", true, 0, false);
    const std::string parking = step(
        riverside.id, "onboarding", 5, "Parking and orientation",
        "Staff parking is in garage C; orientation starts 07:30 on your first day in the education centre.",
        "confirmation", "{}", "student", false, 0, false);
    const std::string returnBadge = step(
        riverside.id, "offboarding", 1, "Return badge", "Return your badge to security on your last day.",
        "confirmation", "{}", "facility", true, 0, false);
    const std::string evaluation = step(
        riverside.id, "evaluation", 1, "Preceptor evaluation", "How did the student do?", "form",
        R"({"fields":[{"name":"rating","label":"Overall","type":"choice","options":["Exceeds","Meets","Below"],)"
        R"("required":true},{"name":"comments","label":"Comments","type":"text"}]})",
        "facility", true, 0, false);

    const std::vector<std::string> core{immunizations, hipaa, background, badge, parking, returnBadge, evaluation};
    std::vector<std::string> elective = core;
    elective.insert(elective.begin(), coverLetter);
    const std::string ed = service(riverside.id, "Emergency Department", "Emergency Medicine", "Building A, ground floor",
                                   "Adult and paediatric emergency care, 60 beds, 80,000 visits a year.", elective);
    const std::string icu = service(riverside.id, "Medical Intensive Care Unit", "Critical Care",
                                    "Building B, 4th floor", "24-bed medical ICU.", elective);
    const std::string peds = service(riverside.id, "Pediatrics Inpatient", "Pediatrics", "Children's wing, 2nd floor",
                                     "General paediatric ward.", core);
    const std::string medsurg = service(riverside.id, "Medical-Surgical Unit 5 West", "Medical-Surgical Nursing",
                                        "Building A, 5th floor", "36-bed adult medical-surgical unit.", core);
    const std::string ld = service(riverside.id, "Labor and Delivery", "Obstetrics", "Women's center, 3rd floor",
                                   "12 labour rooms, 3,000 births a year.", elective);
    const std::string clinic = service(riverside.id, "Family Medicine Clinic", "Family Medicine",
                                       "Outpatient center, suite 210", "Primary care for all ages.", elective);
    summary_.push_back(riverside.name + ": 4 staff, 8 steps, 6 services");

    // ------------------------------------------------------------ the schools
    const store::Organization northfield = organization(
        "school", "Northfield University School of Nursing", "School of Nursing", "45 College Ave, Northfield, IL 60093",
        "+1 847 555 0142", "https://nursing.northfield.example", "BSN and accelerated BSN programmes.",
        {"jordan.kim@northfield.example", "Jordan Kim", "Director of Clinical Placements", "school admin (Northfield)"});
    member(northfield, {"sam.patel@northfield.example", "Sam Patel", "Clinical Coordinator",
                        "school coordinator (Northfield)"}, "coordinator");
    member(northfield, {"ruth.okafor@northfield.example", "Dr. Ruth Okafor", "Clinical Faculty",
                        "faculty (Northfield)"}, "faculty");
    students(northfield, "students.northfield.example", "BSN",
             {"Avery Johnson", "Blake Nguyen", "Casey Williams", "Devon Garcia", "Emery Brown", "Finley Davis",
              "Harper Wilson", "Jesse Martinez", "Kai Anderson", "Logan Thomas", "Morgan Taylor", "Quinn Moore"},
             2027);
    step(northfield.id, "onboarding", 1, "Liability insurance certificate",
         "Northfield uploads the student's professional liability certificate for the term.", "document", "{}",
         "school_coordinator", true, 365, true);

    const store::Organization lakeshore = organization(
        "school", "Lakeshore College of Medicine", "Medical school", "900 Lakeshore Drive, Chicago, IL 60611",
        "+1 312 555 0177", "https://med.lakeshore.example", "MD programme; third- and fourth-year clerkships.",
        {"elena.rossi@lakeshore.example", "Elena Rossi", "Clerkship Director", "school admin (Lakeshore)"});
    member(lakeshore, {"marcus.reed@lakeshore.example", "Marcus Reed", "Clerkship Coordinator",
                       "school coordinator (Lakeshore)"}, "coordinator");
    students(lakeshore, "students.lakeshore.example", "MD",
             {"Riley Clark", "Sawyer Lewis", "Taylor Walker", "Parker Hall", "Reese Young", "Rowan King",
              "Skyler Scott", "Dakota Green"},
             2027);

    store::PartnershipRepository partnerships(database_);
    partnerships.link(riverside.id, northfield.id, firstAdmin_);
    partnerships.link(riverside.id, lakeshore.id, firstAdmin_);

    // ------------------------------------------------------------ agreements and capacity
    agreement(riverside.id, northfield.id, "Nursing clinical placements", -180, 545,
              "Covers BSN clinical rotations on all units; renewed every two years.", {"pending", "active"});
    agreement(riverside.id, lakeshore.id, "Medical student clerkships", -60, 305,
              "Third- and fourth-year clerkships and electives.", {"pending", "active"});
    agreement(riverside.id, lakeshore.id, "Medical student clerkships (renewal)", 306, 1035,
              "Same terms; submitted for the school's approval.", {"pending"});
    summary_.push_back("3 affiliation agreements: 2 active, 1 renewal waiting for Lakeshore's approval");

    for (int block = 0; block < 3; ++block) window(medsurg, 14 + block * 28, 4, 4, northfield.id);
    for (int block = 0; block < 2; ++block) window(peds, 21 + block * 28, 4, 3, lakeshore.id);
    window(peds, 28, 4, 2, northfield.id);
    for (int block = 0; block < 3; ++block) window(ed, 30 + block * 28, 4, 2, "", 14);
    window(icu, 45, 4, 1, "", 21, {{northfield.id, 1}});
    window(ld, 35, 4, 2, "", 14);
    window(ld, 63, 4, 2, "", 14);
    window(clinic, 28, 4, 3, "", 10, {{northfield.id, 2}, {lakeshore.id, 2}});
    summary_.push_back(std::to_string(windows_) +
                       " capacity windows: coordinator-scheduled for each school, student-requested electives");
}

}  // namespace

int runDemoDataCommand(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
                       std::ostream& out, std::ostream& err) {
    if (!args.empty()) {
        err << "usage: rotunda-admin demo-data   (no arguments; fills a fresh database)" << std::endl;
        return 64;
    }
    store::Database database(store::DatabaseSettings::fromConfiguration(config));
    store::Migrator(database).migrate();
    int organizations = 0;
    {
        Poco::Data::Session session = database.session();
        session << "SELECT COUNT(*) FROM organizations", into(organizations), now;
    }
    if (organizations > 0) {
        err << "demo-data: the database already holds " << organizations
            << " organization(s); demo data only goes into a fresh database. Point database.* at a new one "
               "(for SQLite, a new database.sqlite.path) and run it again."
            << std::endl;
        return 65;
    }
    const std::string password = auth::randomToken(12);
    DemoWriter writer(database, auth::PasswordHasher::hash(password));
    writer.write();
    store::AuditEvent event;
    event.actorName = "rotunda-admin";
    event.action = "demo.loaded";
    event.recordType = "system";
    event.recordId = "demo-data";
    store::AuditRepository(database).append(event);

    out << "Demo data written:\n";
    for (const auto& line : writer.summary()) out << "  " << line << "\n";
    out << "\nDemo accounts (all with the password " << password << "):\n";
    for (const auto& person : writer.people()) {
        if (person.what.empty()) continue;
        out << "  " << std::left << std::setw(44) << person.email << person.what << "\n";
    }
    out << std::flush;
    return 0;
}

}  // namespace rotunda::app
