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
#include "store/RotationRepository.h"
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
    /// The benchmark scale on top of write(): a medical center with 200 services and
    /// 20,000 capacity windows, 20 schools with 50,000 students, 200,000 rotations.
    void writeLarge();
    const std::vector<Person>& people() const { return people_; }
    const std::vector<std::string>& summary() const { return summary_; }

private:
    std::string day(int offset) const { return domain::addDays(today_, offset); }
    std::string user(const Person& person);
    store::Organization organization(const std::string& kind, const std::string& name, const std::string& type,
                                     const std::string& address, const std::string& phone, const std::string& website,
                                     const std::string& description, const Person& admin);
    std::string member(const store::Organization& o, const Person& person, const std::string& role);
    std::string step(const std::string& organizationId, const std::string& phase, int position, const std::string& name,
                     const std::string& instructions, const std::string& type, const std::string& definition,
                     const std::string& completedBy, bool required, int expiryDays, bool oncePerStudent);
    std::string service(const std::string& facilityId, const std::string& name, const std::string& specialty,
                        const std::string& location, const std::string& description,
                        const std::vector<std::string>& stepIds);
    std::string agreement(const std::string& facilityId, const std::string& schoolId, const std::string& name,
                          int from, int to, const std::string& notes, const std::vector<std::string>& states);
    store::CapacityWindow window(const std::string& serviceId, int from, int weeks, int capacity,
                                 const std::string& schoolId, int deadlineDaysBefore = 0,
                                 std::vector<std::pair<std::string, int>> limits = {});
    std::vector<std::string> students(const store::Organization& school, const std::string& domain,
                                      const std::string& program, const std::vector<std::string>& names, int firstYear);
    /// Rotations of `students` on one window (one transaction), scheduled or applied.
    void rotations(const store::CapacityWindow& w, const std::string& facilityId, const std::string& schoolId,
                   const std::vector<std::string>& students, const std::string& status,
                   const std::string& preceptorId = "");

    store::Database& database_;
    std::string passwordHash_;
    std::string today_;
    std::string firstAdmin_;  ///< creates steps and agreements, as the facility's admin would
    std::vector<Person> people_;
    std::vector<std::string> summary_;
    int windows_ = 0;
    int rotations_ = 0;
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

std::string DemoWriter::member(const store::Organization& o, const Person& person, const std::string& role) {
    store::Membership m;
    m.organizationId = o.id;
    m.userId = user(person);
    m.role = role;
    store::OrganizationRepository(database_).addMembership(m);
    return m.userId;
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

store::CapacityWindow DemoWriter::window(const std::string& serviceId, int from, int weeks, int capacity,
                                         const std::string& schoolId, int deadlineDaysBefore,
                                         std::vector<std::pair<std::string, int>> limits) {
    store::CapacityWindow w;
    w.serviceId = serviceId;
    w.startDate = day(from);
    w.endDate = day(from + weeks * 7 - 1);
    w.capacity = capacity;
    w.workflow = schoolId.empty() ? "student_requested" : "coordinator_scheduled";
    w.schoolId = schoolId;
    if (deadlineDaysBefore > 0) w.applicationDeadline = day(from - deadlineDaysBefore);
    w.schoolLimits = std::move(limits);
    ++windows_;
    return store::CapacityWindowRepository(database_).create(w);
}

void DemoWriter::rotations(const store::CapacityWindow& w, const std::string& facilityId, const std::string& schoolId,
                           const std::vector<std::string>& students, const std::string& status,
                           const std::string& preceptorId) {
    store::RotationRepository repository(database_);
    std::vector<store::Rotation> batch;
    for (const auto& student : students) {
        store::Rotation r;
        r.studentId = student;
        r.schoolId = schoolId;
        r.facilityId = facilityId;
        r.serviceId = w.serviceId;
        r.windowId = w.id;
        r.preceptorId = preceptorId;
        r.startDate = w.startDate;
        r.endDate = w.endDate;
        r.origin = w.workflow == "coordinator_scheduled" ? "scheduled" : "application";
        r.status = status;
        r.holdsPlace = status != "draft" && status != "pending_review" && status != "pending_site" &&
                       status != "waitlisted";
        r.createdBy = r.origin == "scheduled" ? firstAdmin_ : student;
        batch.push_back(r);
    }
    repository.create(batch, repository.applicableSteps(w.serviceId, schoolId), 0, false);
    rotations_ += static_cast<int>(batch.size());
}

std::vector<std::string> DemoWriter::students(const store::Organization& school, const std::string& domain,
                                              const std::string& program, const std::vector<std::string>& names,
                                              int firstYear) {
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
    std::vector<std::string> ids;
    for (const auto& s : imported) ids.push_back(s.userId);
    return ids;
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
    const std::string chen = member(riverside, {"lee.chen@riverside.example", "Dr. Lee Chen",
                                                "Attending Physician, Emergency Medicine", "preceptor"}, "preceptor");
    const std::string lopez = member(riverside, {"maria.lopez@riverside.example", "Maria Lopez, RN",
                                                 "Charge Nurse, Medical-Surgical Unit", "preceptor"}, "preceptor");

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
    const std::vector<std::string> nursing = students(northfield, "students.northfield.example", "BSN",
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
    const std::vector<std::string> medicine = students(lakeshore, "students.lakeshore.example", "MD",
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

    // Coordinator-scheduled blocks, partly filled: Northfield's nurses on 5 West
    // with Maria Lopez, Lakeshore's students on paediatrics; electives with
    // applications waiting for the facility and one on the waiting list.
    std::vector<store::CapacityWindow> medsurgBlocks;
    for (int block = 0; block < 3; ++block) medsurgBlocks.push_back(window(medsurg, 14 + block * 28, 4, 4, northfield.id));
    rotations(medsurgBlocks[0], riverside.id, northfield.id, {nursing[0], nursing[1]}, "onboarding", lopez);
    rotations(medsurgBlocks[0], riverside.id, northfield.id, {nursing[2]}, "onboarding");
    rotations(medsurgBlocks[1], riverside.id, northfield.id, {nursing[3], nursing[4], nursing[5]}, "onboarding");
    std::vector<store::CapacityWindow> pedsBlocks;
    for (int block = 0; block < 2; ++block) pedsBlocks.push_back(window(peds, 21 + block * 28, 4, 3, lakeshore.id));
    rotations(pedsBlocks[0], riverside.id, lakeshore.id, {medicine[0], medicine[1]}, "onboarding");
    window(peds, 28, 4, 2, northfield.id);
    std::vector<store::CapacityWindow> edBlocks;
    for (int block = 0; block < 3; ++block) edBlocks.push_back(window(ed, 30 + block * 28, 4, 2, "", 14));
    rotations(edBlocks[0], riverside.id, lakeshore.id, {medicine[2]}, "onboarding", chen);
    rotations(edBlocks[0], riverside.id, lakeshore.id, {medicine[3]}, "pending_site");
    rotations(edBlocks[0], riverside.id, northfield.id, {nursing[6]}, "waitlisted");
    window(icu, 45, 4, 1, "", 21, {{northfield.id, 1}});
    const store::CapacityWindow ld1 = window(ld, 35, 4, 2, "", 14);
    rotations(ld1, riverside.id, northfield.id, {nursing[7]}, "pending_site");
    window(ld, 63, 4, 2, "", 14);
    window(clinic, 28, 4, 3, "", 10, {{northfield.id, 2}, {lakeshore.id, 2}});
    summary_.push_back(std::to_string(windows_) +
                       " capacity windows: coordinator-scheduled for each school, student-requested electives");
    summary_.push_back(std::to_string(rotations_) +
                       " rotations: scheduled students onboarding, elective applications waiting for review, one waitlisted");
}

void DemoWriter::writeLarge() {
    constexpr int kSchools = 20, kStudentsPerSchool = 2500, kServices = 200, kBlocks = 100, kPerWindow = 10;
    const std::vector<std::string> specialties{"Emergency Medicine", "Critical Care", "Pediatrics", "Obstetrics",
                                               "Family Medicine", "Surgery", "Cardiology", "Oncology",
                                               "Neurology", "Psychiatry"};
    const store::Organization metro = organization(
        "facility", "Metropolitan Medical Center", "Academic medical center", "1 Center Plaza, Springfield, IL",
        "+1 217 555 0300", "https://metro.example", "The benchmark-sized facility: 200 services.",
        {"admin@metro.example", "Morgan Metro", "Education Director", "facility admin (Metropolitan, large scale)"});
    firstAdmin_ = store::UserRepository(database_).findByEmail("admin@metro.example")->id;
    const std::string immunization = step(metro.id, "onboarding", 1, "Immunization record", "Upload your record.",
                                          "document", "{}", "student", true, 365, true);
    const std::string confidentiality = step(metro.id, "onboarding", 2, "Confidentiality", "Confirm the policy.",
                                             "confirmation", "{}", "student", true, 365, true);
    const std::string badge = step(metro.id, "onboarding", 3, "Badge photo", "A photo for your badge.", "document",
                                   "{}", "student", true, 0, false);
    std::vector<store::Organization> schools;
    std::vector<std::vector<std::string>> students;
    for (int i = 0; i < kSchools; ++i) {
        const std::string n = std::to_string(i + 1);
        schools.push_back(organization("school", "Benchmark School " + n, "School of Nursing", "", "", "", "",
                                       {"coordinator" + n + "@school" + n + ".example", "Coordinator " + n,
                                        "Clinical Coordinator",
                                        i == 0 ? "school admin (Benchmark School 1, large scale; schools 2-20 alike)"
                                               : ""}));
        std::vector<store::StudentRecord> records;
        for (int k = 0; k < kStudentsPerSchool; ++k)
            records.push_back({"Student " + n + "-" + std::to_string(k + 1),
                               "student" + std::to_string(k + 1) + "@school" + n + ".example", "BSN", 2027 + k % 3});
        std::vector<store::ImportedStudent> imported;
        {
            store::Database::WriteTransaction transaction(database_);
            imported = store::PeopleRepository(database_).importStudents(transaction.session(), schools.back().id,
                                                                          records);
            transaction.commit();
        }
        std::vector<std::string> ids;
        for (const auto& s : imported) ids.push_back(s.userId);
        // One student per school signs in (the benchmark's); the others stay invited.
        store::UserRepository(database_).setPasswordHash(ids.front(), passwordHash_);
        store::UserRepository(database_).setStatus(ids.front(), "active");
        students.push_back(std::move(ids));
        store::PartnershipRepository(database_).link(metro.id, schools.back().id, firstAdmin_);
        agreement(metro.id, schools.back().id, "Benchmark agreement " + n, -1500, 1500, "", {"pending", "active"});
    }
    people_.push_back({"student1@school1.example", "Student 1-1", "", "student (Benchmark School 1; student1@schoolN "
                                                                       "for each school, large scale)"});
    // 100 two-week blocks per service, from about two years ago to two years ahead;
    // even blocks are scheduled for a school, odd ones are electives. Ten students
    // on each: past blocks completed, the current one active, later ones onboarding.
    const int firstDay = -(kBlocks / 2) * 14;
    std::vector<std::size_t> next(kSchools, 0);
    int rotationsBefore = rotations_;
    for (int s = 0; s < kServices; ++s) {
        const std::string serviceId = service(metro.id, specialties[s % specialties.size()] + " unit " + std::to_string(s + 1),
                                              specialties[s % specialties.size()], "Building " + std::to_string(s % 12 + 1),
                                              "", {immunization, confidentiality, badge});
        for (int b = 0; b < kBlocks; ++b) {
            const int school = (s * kBlocks + b) % kSchools;
            const int from = firstDay + b * 14;
            const store::CapacityWindow w = window(serviceId, from, 2, kPerWindow + 2,
                                                   b % 2 == 0 ? schools[school].id : "", b % 2 == 0 ? 0 : 7);
            std::vector<std::string> batch;
            for (int k = 0; k < kPerWindow; ++k) {
                batch.push_back(students[school][next[school] % students[school].size()]);
                ++next[school];
            }
            const std::string status = from + 13 < 0 ? "completed" : from <= 0 ? "active" : "onboarding";
            rotations(w, metro.id, schools[school].id, batch, status);
        }
    }
    summary_.push_back("Large scale: Metropolitan Medical Center with " + std::to_string(kServices) + " services, " +
                       std::to_string(kSchools) + " schools with " + std::to_string(kSchools * kStudentsPerSchool) +
                       " students, " + std::to_string(kServices * kBlocks) + " capacity windows, " +
                       std::to_string(rotations_ - rotationsBefore) + " rotations");
}

}  // namespace

int runDemoDataCommand(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
                       std::ostream& out, std::ostream& err) {
    const bool large = args.size() == 2 && args[0] == "--scale" && args[1] == "large";
    if (!args.empty() && !large && !(args.size() == 2 && args[0] == "--scale" && args[1] == "small")) {
        err << "usage: rotunda-admin demo-data [--scale small|large]   (fills a fresh database)" << std::endl;
        return 64;
    }
    store::Database database(store::DatabaseSettings::fromConfiguration(config));
    store::Migrator(database).migrate();
    const int organizations = store::OrganizationRepository(database).count();
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
    if (large) writer.writeLarge();
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
