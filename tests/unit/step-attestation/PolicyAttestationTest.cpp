// PolicyAttestationTest.cpp — the policy-attestation step type: its form, the
// typed signature, the agreement to exactly the current version and text, the
// facts it keeps (with the text's SHA-256), and a new version asking again.
#include "PolicyAttestation.h"
#include "TestSupport.h"

using namespace rotunda::attestation;
using namespace rotunda::plugin;

namespace {

const std::string kText =
    "Patient information stays inside the hospital.\nReport any breach at once.";

ConfigValues policy(const std::string& version, const std::string& text = kText) {
    return ConfigValues(
        {{"policyTitle", "HIPAA Privacy"}, {"policyVersion", version}, {"policyText", text}});
}

StepSubmission signedBy(const std::string& name, const ConfigValues& settings) {
    StepSubmission s;
    s.answers["fullName"] = name;
    s.answers[agreementField(settings.getString("policyVersion"),
                             settings.getString("policyText"))] = "true";
    s.submittedAt = "2027-03-01T09:30:00.000Z";
    s.timeZone = "Europe/Berlin";
    s.today = "2027-03-01";
    return s;
}

std::string fieldsOf(const StepValidation& v) {
    std::string out;
    for (const auto& e : v.errors) out += (out.empty() ? "" : ",") + e.first;
    return out;
}

std::string errorsOf(const std::vector<std::pair<std::string, std::string>>& errors) {
    std::string out;
    for (const auto& [name, message] : errors)
        out += (out.empty() ? "" : ",") + name + " " + message;
    return out;
}

std::string fact(const std::vector<std::pair<std::string, std::string>>& facts,
                 const std::string& name) {
    for (const auto& [n, v] : facts)
        if (n == name) return v;
    return "(none)";
}

}  // namespace

class PolicyAttestationTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PolicyAttestationTest);
    CPPUNIT_TEST(testSha256IsOpenSslsOfTheExactText);
    CPPUNIT_TEST(testTheFormShowsThePolicyAndAsksForANameAndAgreement);
    CPPUNIT_TEST(testTheFormWithoutSettingsStillHasItsShape);
    CPPUNIT_TEST(testASignedAgreementIsValidAndVerified);
    CPPUNIT_TEST(testTheNameIsTypedAsASignature);
    CPPUNIT_TEST(testTheAgreementMustBeTicked);
    CPPUNIT_TEST(testUnknownAnswersAndDocumentsAreFieldErrors);
    CPPUNIT_TEST(testTheFactsKeepNameVersionHashAndTime);
    CPPUNIT_TEST(testANewVersionOrTextAsksToAttestAgain);
    CPPUNIT_TEST(testUsableSettingsHaveNoErrors);
    CPPUNIT_TEST(testMissingOrBlankSettingsAreNamed);
    CPPUNIT_TEST(testSettingsTooLongOrNotPlainTextAreNamed);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSha256IsOpenSslsOfTheExactText() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            sha256Hex(""));
        CPPUNIT_ASSERT_EQUAL(
            std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            sha256Hex("abc"));
        CPPUNIT_ASSERT(sha256Hex("policy\n") != sha256Hex("policy"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(22), agreementField("1", kText).size());
        CPPUNIT_ASSERT_EQUAL(std::string("agree_"), agreementField("1", kText).substr(0, 6));
    }

    void testTheFormShowsThePolicyAndAsksForANameAndAgreement() {
        PolicyAttestation type;
        const auto fields = type.fields(policy("2027.1"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), fields.size());
        CPPUNIT_ASSERT_EQUAL(std::string("statement"), fields[0].type);
        CPPUNIT_ASSERT_EQUAL(std::string("HIPAA Privacy, version 2027.1"), fields[0].label);
        CPPUNIT_ASSERT_EQUAL(kText, fields[0].help);
        CPPUNIT_ASSERT(!fields[0].required);
        CPPUNIT_ASSERT_EQUAL(std::string("fullName"), fields[1].name);
        CPPUNIT_ASSERT_EQUAL(std::string("text"), fields[1].type);
        CPPUNIT_ASSERT(fields[1].required);
        CPPUNIT_ASSERT_EQUAL(agreementField("2027.1", kText), fields[2].name);
        CPPUNIT_ASSERT_EQUAL(std::string("boolean"), fields[2].type);
        CPPUNIT_ASSERT(fields[2].required);
        const auto settings = type.stepSettings();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), settings.size());
        for (const auto& s : settings) CPPUNIT_ASSERT_MESSAGE(s.name, s.required);
    }

    void testTheFormWithoutSettingsStillHasItsShape() {
        // GET /api/v1/step-types asks for the fields with no settings at all.
        const auto fields = PolicyAttestation().fields(ConfigValues());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), fields.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Policy"), fields[0].label);
    }

    void testASignedAgreementIsValidAndVerified() {
        PolicyAttestation type;
        const ConfigValues settings = policy("1");
        const StepSubmission s = signedBy("Dana Scully", settings);
        CPPUNIT_ASSERT(type.validate(s, settings).ok());
        const StepVerification v = type.verify(s, settings);
        CPPUNIT_ASSERT(v.verdict == StepVerdict::Verified);
        CPPUNIT_ASSERT_EQUAL(std::string(), v.expiresAt);
    }

    void testTheNameIsTypedAsASignature() {
        CPPUNIT_ASSERT_EQUAL(std::string(), checkSignedName("Dana Scully"));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkSignedName("  Zoë Ñúñez-O'Brien  "));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkSignedName("李小龍"));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkSignedName(std::string(200, 'a')));
        CPPUNIT_ASSERT(!checkSignedName("").empty());
        CPPUNIT_ASSERT(!checkSignedName("   ").empty());
        CPPUNIT_ASSERT(!checkSignedName("X").empty());
        CPPUNIT_ASSERT(!checkSignedName("12345").empty());
        CPPUNIT_ASSERT(!checkSignedName(std::string(201, 'a')).empty());
        CPPUNIT_ASSERT(!checkSignedName("Dana\nScully").empty());
        CPPUNIT_ASSERT(!checkSignedName("Dana\tScully").empty());
        CPPUNIT_ASSERT(!checkSignedName("Dana \xc2\x85Scully").empty());  // NEL, a C1 control
        CPPUNIT_ASSERT(!checkSignedName("Dana \xff").empty());
        PolicyAttestation type;
        const ConfigValues settings = policy("1");
        StepSubmission s = signedBy(" ", settings);
        CPPUNIT_ASSERT_EQUAL(std::string("fullName"), fieldsOf(type.validate(s, settings)));
        s.answers.erase("fullName");
        CPPUNIT_ASSERT_EQUAL(std::string("fullName"), fieldsOf(type.validate(s, settings)));
    }

    void testTheAgreementMustBeTicked() {
        PolicyAttestation type;
        const ConfigValues settings = policy("1");
        const std::string agreement = agreementField("1", kText);
        StepSubmission s = signedBy("Dana Scully", settings);
        s.answers[agreement] = "false";
        CPPUNIT_ASSERT_EQUAL(agreement, fieldsOf(type.validate(s, settings)));
        s.answers.erase(agreement);
        CPPUNIT_ASSERT_EQUAL(agreement, fieldsOf(type.validate(s, settings)));
        CPPUNIT_ASSERT(type.verify(s, settings).verdict == StepVerdict::Manual);
    }

    void testUnknownAnswersAndDocumentsAreFieldErrors() {
        PolicyAttestation type;
        const ConfigValues settings = policy("1");
        StepSubmission s = signedBy("Dana Scully", settings);
        s.answers["colour"] = "red";
        s.documentIds = {"d1"};
        CPPUNIT_ASSERT_EQUAL(std::string("colour,documentIds"),
                             fieldsOf(type.validate(s, settings)));
    }

    void testTheFactsKeepNameVersionHashAndTime() {
        PolicyAttestation type;
        const ConfigValues settings = policy("2027.1");
        const auto facts = type.record(signedBy("  Dana Scully ", settings), settings);
        CPPUNIT_ASSERT_EQUAL(std::string("Dana Scully"), fact(facts, "signedName"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIPAA Privacy"), fact(facts, "policyTitle"));
        CPPUNIT_ASSERT_EQUAL(std::string("2027.1"), fact(facts, "policyVersion"));
        CPPUNIT_ASSERT_EQUAL(sha256Hex(kText), fact(facts, "policySha256"));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-03-01T09:30:00.000Z"), fact(facts, "attestedAt"));
        CPPUNIT_ASSERT_EQUAL(std::string("Europe/Berlin"), fact(facts, "timeZone"));
        for (const auto& [name, value] : facts) CPPUNIT_ASSERT_MESSAGE(name, value.size() <= 4096);
    }

    void testANewVersionOrTextAsksToAttestAgain() {
        PolicyAttestation type;
        const ConfigValues v1 = policy("1");
        const StepSubmission attested = signedBy("Dana Scully", v1);
        for (const ConfigValues& later : {policy("2"), policy("1", kText + " Also: no photos.")}) {
            // The old submission, asked again with the new settings (carry-over): not valid, not
            // verified.
            const StepValidation validation = type.validate(attested, later);
            CPPUNIT_ASSERT(!validation.ok());
            bool saysChanged = false;
            for (const auto& [field, message] : validation.errors)
                saysChanged = saysChanged ||
                              message.find("another version of the policy") != std::string::npos;
            CPPUNIT_ASSERT(saysChanged);
            const StepVerification verification = type.verify(attested, later);
            CPPUNIT_ASSERT(verification.verdict == StepVerdict::Manual);
            CPPUNIT_ASSERT(verification.reason.find("not of the current policy") !=
                           std::string::npos);
        }
        // The same version and text: still verified.
        CPPUNIT_ASSERT(type.verify(attested, policy("1")).verdict == StepVerdict::Verified);
        CPPUNIT_ASSERT(agreementField("1", "ab") != agreementField("1a", "b"));
    }

    void testUsableSettingsHaveNoErrors() {
        PolicyAttestation type;
        CPPUNIT_ASSERT(type.checkSettings(policy("2027.1")).empty());
        // Tabs and line breaks belong in a policy's text; non-Latin titles are titles.
        CPPUNIT_ASSERT(
            type.checkSettings(ConfigValues({{"policyTitle", "Datenschutz – Übersicht"},
                                             {"policyVersion", "v3"},
                                             {"policyText", "1.\tKeep it.\r\n2.\tSay so."}}))
                .empty());
        CPPUNIT_ASSERT(type.checkSettings(policy("1", std::string(100000, 'x'))).empty());
    }

    void testMissingOrBlankSettingsAreNamed() {
        PolicyAttestation type;
        CPPUNIT_ASSERT_EQUAL(
            std::string("policyTitle is required,policyVersion is required,policyText is required"),
            errorsOf(type.checkSettings(ConfigValues())));
        CPPUNIT_ASSERT_EQUAL(std::string("policyText is required"),
                             errorsOf(type.checkSettings(policy("1", " \n\t "))));
        CPPUNIT_ASSERT_EQUAL(std::string("policyVersion is required"),
                             errorsOf(type.checkSettings(policy(""))));
    }

    void testSettingsTooLongOrNotPlainTextAreNamed() {
        PolicyAttestation type;
        CPPUNIT_ASSERT_EQUAL(std::string("policyText has 100001 bytes; at most 100000 are allowed"),
                             errorsOf(type.checkSettings(policy("1", std::string(100001, 'x')))));
        CPPUNIT_ASSERT_EQUAL(std::string("policyVersion has 65 characters; at most 64 are allowed"),
                             errorsOf(type.checkSettings(policy(std::string(65, '1')))));
        CPPUNIT_ASSERT_EQUAL(
            std::string("policyTitle has 201 characters; at most 200 are allowed"),
            errorsOf(type.checkSettings(ConfigValues({{"policyTitle", std::string(201, 'T')},
                                                      {"policyVersion", "1"},
                                                      {"policyText", kText}}))));
        CPPUNIT_ASSERT_EQUAL(
            std::string("policyVersion must be one line of text, without control characters"),
            errorsOf(type.checkSettings(policy("1\n2"))));
        CPPUNIT_ASSERT_EQUAL(
            std::string("policyText must be text without control characters (tabs and "
                        "line breaks are allowed)"),
            errorsOf(type.checkSettings(policy("1", "bell\x07"))));
        CPPUNIT_ASSERT_EQUAL(std::string("policyText must be text (UTF-8)"),
                             errorsOf(type.checkSettings(policy("1", "caf\xe9"))));
    }
};

ROTUNDA_TEST_SUITE(PolicyAttestationTest);
