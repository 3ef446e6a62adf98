// RosterTest.cpp — reading a school's roster: headers, per-row problems, file problems.
#include "TestSupport.h"
#include "domain/Roster.h"

#include <algorithm>

using namespace rotunda::domain;

namespace {

std::string lowerIfEmail(const std::string& text) {
    if (text.find('@') == std::string::npos || text.find(' ') != std::string::npos) return "";
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower;
}

bool hasProblem(const RosterPlan& plan, std::size_t row, const std::string& field) {
    return std::any_of(plan.problems.begin(), plan.problems.end(),
                       [&](const RosterProblem& p) { return p.row == row && p.field == field; });
}

}  // namespace

class RosterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RosterTest);
    CPPUNIT_TEST(testHeaderColumnsInAnyOrderAndCase);
    CPPUNIT_TEST(testNoHeaderWhenTheSecondCellIsAnEmail);
    CPPUNIT_TEST(testRowProblemsNameTheLineAndField);
    CPPUNIT_TEST(testDuplicateEmailsInTheFileAreReported);
    CPPUNIT_TEST(testEmptyHeaderOnlyAndHeaderlessFilesAreFileProblems);
    CPPUNIT_TEST(testGraduationYear);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHeaderColumnsInAnyOrderAndCase() {
        const RosterPlan plan =
            planRoster("\xEF\xBB\xBF" "E-Mail,Graduation Year,PROGRAM,Full Name\r\nAna@X.org,2027,Nursing,Ana Lima\r\n",
                       lowerIfEmail);
        CPPUNIT_ASSERT(plan.problems.empty());
        CPPUNIT_ASSERT(plan.hasHeader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), plan.students.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Ana Lima"), plan.students[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("ana@x.org"), plan.students[0].email);
        CPPUNIT_ASSERT_EQUAL(std::string("Nursing"), plan.students[0].program);
        CPPUNIT_ASSERT_EQUAL(2027, plan.students[0].graduationYear);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), plan.students[0].row);
    }

    void testNoHeaderWhenTheSecondCellIsAnEmail() {
        const RosterPlan plan = planRoster("Ana,ana@x.org\nBo,bo@x.org,PA,2026\n", lowerIfEmail);
        CPPUNIT_ASSERT(!plan.hasHeader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), plan.students.size());
        CPPUNIT_ASSERT_EQUAL(2026, plan.students[1].graduationYear);
    }

    void testRowProblemsNameTheLineAndField() {
        const std::string longName(10000, 'x');
        const RosterPlan plan = planRoster("name,email\n,a@x.org\nBo,not an email\n" + longName +
                                               ",c@x.org\n\"Bad \xFF\",d@x.org\nOk,e@x.org\n",
                                           lowerIfEmail);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), plan.rows);
        CPPUNIT_ASSERT(hasProblem(plan, 2, "name"));
        CPPUNIT_ASSERT(hasProblem(plan, 3, "email"));
        CPPUNIT_ASSERT(hasProblem(plan, 4, "name"));
        CPPUNIT_ASSERT(hasProblem(plan, 5, "file"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), plan.students.size());
        CPPUNIT_ASSERT_EQUAL(std::string("e@x.org"), plan.students[0].email);
    }

    void testDuplicateEmailsInTheFileAreReported() {
        const RosterPlan plan = planRoster("name,email\nA,a@x.org\nB,A@x.org\n", lowerIfEmail);
        CPPUNIT_ASSERT(hasProblem(plan, 3, "email"));
        CPPUNIT_ASSERT(plan.problems[0].message.find("line 2") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), plan.students.size());
    }

    void testEmptyHeaderOnlyAndHeaderlessFilesAreFileProblems() {
        CPPUNIT_ASSERT(hasProblem(planRoster("", lowerIfEmail), 0, "file"));
        CPPUNIT_ASSERT(hasProblem(planRoster("name,email\r\n", lowerIfEmail), 1, "file"));
        CPPUNIT_ASSERT(hasProblem(planRoster("first,last\nA,B\n", lowerIfEmail), 1, "file"));
        CPPUNIT_ASSERT(hasProblem(planRoster("email\nA@x.org\n", lowerIfEmail), 1, "file"));
        CPPUNIT_ASSERT(hasProblem(planRoster("name,email\n\"open,a@x.org\n", lowerIfEmail), 2, "file"));
    }

    void testGraduationYear() {
        CPPUNIT_ASSERT_EQUAL(0, parseGraduationYear(" "));
        CPPUNIT_ASSERT_EQUAL(2030, parseGraduationYear("2030"));
        CPPUNIT_ASSERT_EQUAL(-1, parseGraduationYear("30"));
        CPPUNIT_ASSERT_EQUAL(-1, parseGraduationYear("1800"));
        CPPUNIT_ASSERT_EQUAL(-1, parseGraduationYear("20x0"));
    }
};

ROTUNDA_TEST_SUITE(RosterTest);
