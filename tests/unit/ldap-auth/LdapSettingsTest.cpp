// LdapSettingsTest.cpp — presets, overrides, refusals and the filters built from the settings.
#include "LdapSettings.h"
#include "TestSupport.h"

#include <algorithm>
#include <map>

using namespace rotunda::ldapauth;

namespace {

LdapSettings settingsWith(std::vector<std::pair<std::string, std::string>> extra, long callTimeoutMs = 5000) {
    std::vector<std::pair<std::string, std::string>> configured{{"urls", "ldap://127.0.0.1:389"},
                                                                {"bindDn", "cn=rotunda,dc=example,dc=org"},
                                                                {"bindPassword", "service secret"},
                                                                {"baseDn", "ou=people,dc=example,dc=org"}};
    for (auto& item : extra) configured.push_back(std::move(item));
    return LdapSettings::fromConfig(valuesWithDefaults(configured), callTimeoutMs);
}

std::string refusal(std::vector<std::pair<std::string, std::string>> extra, long callTimeoutMs = 5000) {
    try {
        settingsWith(std::move(extra), callTimeoutMs);
    } catch (const LdapConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

class LdapSettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LdapSettingsTest);
    CPPUNIT_TEST(testOpenLdapPresetDefaults);
    CPPUNIT_TEST(testActiveDirectoryPresetDefaults);
    CPPUNIT_TEST(testEveryAttributeCanBeOverridden);
    CPPUNIT_TEST(testSecureDefaults);
    CPPUNIT_TEST(testSeveralUrlsKeepTheirOrder);
    CPPUNIT_TEST(testUserFilterEscapesTheUsername);
    CPPUNIT_TEST(testNestedGroupFilterUsesTheTransitiveRule);
    CPPUNIT_TEST(testBadValuesAreRefusedWithKeyValueAndWhatIsAllowed);
    CPPUNIT_TEST(testTimeoutsAreCappedByTheCallBudget);
    CPPUNIT_TEST(testTheServicePasswordIsNeverInARefusal);
    CPPUNIT_TEST(testEveryDeclaredPropertyHasHelp);
    CPPUNIT_TEST_SUITE_END();

public:
    void testOpenLdapPresetDefaults() {
        const LdapSettings s = settingsWith({});
        CPPUNIT_ASSERT(s.preset == Preset::OpenLdap);
        CPPUNIT_ASSERT_EQUAL(std::string("entryUUID"), s.idAttribute);
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), s.emailAttribute);
        CPPUNIT_ASSERT_EQUAL(std::string("cn"), s.nameAttribute);
        CPPUNIT_ASSERT(s.groups == GroupMode::Attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("memberOf"), s.groupAttribute);
        CPPUNIT_ASSERT_EQUAL(std::string("(&(objectClass=person)(|(uid=alice)(mail=alice)))"), s.userSearchFilter("alice"));
        const std::vector<std::string> attributes = s.userAttributes();
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), attributes.size());
        CPPUNIT_ASSERT_EQUAL(std::string("memberOf"), attributes.back());
    }

    void testActiveDirectoryPresetDefaults() {
        const LdapSettings s = settingsWith({{"preset", "ActiveDirectory"}});
        CPPUNIT_ASSERT(s.preset == Preset::ActiveDirectory);
        CPPUNIT_ASSERT_EQUAL(std::string("objectGUID"), s.idAttribute);
        CPPUNIT_ASSERT_EQUAL(std::string("displayName"), s.nameAttribute);
        CPPUNIT_ASSERT(s.groups == GroupMode::Nested);
        CPPUNIT_ASSERT_EQUAL(s.baseDn, s.groupBaseDn);
        CPPUNIT_ASSERT_EQUAL(std::string("(&(&(objectCategory=person)(objectClass=user))(|(sAMAccountName=jdoe)"
                                         "(userPrincipalName=jdoe)(mail=jdoe)))"),
                             s.userSearchFilter("jdoe"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), s.userAttributes().size());  // groups come from a search
    }

    void testEveryAttributeCanBeOverridden() {
        const LdapSettings s = settingsWith({{"preset", "activedirectory"},
                                             {"loginAttributes", "userPrincipalName"},
                                             {"userFilter", "(objectClass=user)"},
                                             {"idAttribute", "employeeID"},
                                             {"emailAttribute", "proxyAddresses"},
                                             {"nameAttribute", "cn"},
                                             {"groups", "attribute"},
                                             {"groupAttribute", "isMemberOf"},
                                             {"groupBaseDn", "ou=groups,dc=example,dc=org"},
                                             {"scope", "one"}});
        CPPUNIT_ASSERT_EQUAL(std::string("(&(objectClass=user)(userPrincipalName=j@example.org))"),
                             s.userSearchFilter("j@example.org"));
        CPPUNIT_ASSERT_EQUAL(std::string("employeeID"), s.idAttribute);
        CPPUNIT_ASSERT_EQUAL(std::string("proxyAddresses"), s.emailAttribute);
        CPPUNIT_ASSERT_EQUAL(std::string("cn"), s.nameAttribute);
        CPPUNIT_ASSERT(s.groups == GroupMode::Attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("isMemberOf"), s.groupAttribute);
        CPPUNIT_ASSERT_EQUAL(std::string("ou=groups,dc=example,dc=org"), s.groupBaseDn);
        CPPUNIT_ASSERT(!s.subtree);
    }

    void testSecureDefaults() {
        const LdapSettings s = settingsWith({});
        CPPUNIT_ASSERT(s.startTls);
        CPPUNIT_ASSERT(s.verifyCertificate);
        CPPUNIT_ASSERT(!s.referrals);
        CPPUNIT_ASSERT(s.subtree);
    }

    void testSeveralUrlsKeepTheirOrder() {
        const LdapSettings s = settingsWith({{"urls", "ldaps://dc1.example.org ldap://dc2.example.org:3389"}});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.urls.size());
        CPPUNIT_ASSERT_EQUAL(std::string("ldaps://dc1.example.org"), s.urls[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://dc2.example.org:3389"), s.urls[1]);
    }

    void testUserFilterEscapesTheUsername() {
        const LdapSettings s = settingsWith({{"loginAttributes", "uid"}});
        CPPUNIT_ASSERT_EQUAL(std::string("(&(objectClass=person)(uid=\\2a))"), s.userSearchFilter("*"));
        CPPUNIT_ASSERT_EQUAL(std::string("(&(objectClass=person)(uid=a\\29\\28uid=\\2a))"), s.userSearchFilter("a)(uid=*"));
    }

    void testNestedGroupFilterUsesTheTransitiveRule() {
        const LdapSettings s = settingsWith({{"preset", "activedirectory"}});
        CPPUNIT_ASSERT_EQUAL(std::string("(member:1.2.840.113556.1.4.1941:=CN=Doe\\5c, John \\28IT\\29,OU=Staff,DC=corp)"),
                             s.nestedGroupFilter("CN=Doe\\, John (IT),OU=Staff,DC=corp"));
    }

    void testBadValuesAreRefusedWithKeyValueAndWhatIsAllowed() {
        CPPUNIT_ASSERT_EQUAL(std::string("configuration key plugins.ldap-auth.urls has value 'http://dc1', expected "
                                         "ldap://host[:port] or ldaps://host[:port] (several separated by spaces); "
                                         "ldapi:// and URLs with a DN or filter are not used"),
                             refusal({{"urls", "http://dc1"}}));
        CPPUNIT_ASSERT(refusal({{"urls", " , "}}).find("plugins.ldap-auth.urls has value ' , '") != std::string::npos);
        CPPUNIT_ASSERT(refusal({{"preset", "novell"}}).find("'novell', expected openldap or activedirectory") !=
                       std::string::npos);
        CPPUNIT_ASSERT(refusal({{"scope", "base"}}).find("plugins.ldap-auth.scope has value 'base', expected sub or one") !=
                       std::string::npos);
        CPPUNIT_ASSERT(refusal({{"groups", "all"}}).find("expected attribute, nested or none") != std::string::npos);
        CPPUNIT_ASSERT(refusal({{"userFilter", "objectClass=person"}}).find("plugins.ldap-auth.userFilter") !=
                       std::string::npos);
        CPPUNIT_ASSERT(refusal({{"loginAttributes", "uid mail)(x"}}).find("plugins.ldap-auth.loginAttributes") !=
                       std::string::npos);
        CPPUNIT_ASSERT(refusal({{"idAttribute", "entry UUID="}}).find("plugins.ldap-auth.idAttribute") != std::string::npos);
        CPPUNIT_ASSERT(refusal({{"startTls", "maybe"}}).find("'maybe', expected true or false") != std::string::npos);
        CPPUNIT_ASSERT(refusal({{"caFile", "/nonexistent/ca.pem"}}).find("plugins.ldap-auth.caFile has value "
                                                                          "'/nonexistent/ca.pem'") != std::string::npos);
        CPPUNIT_ASSERT(refusal({{"poolSize", "0"}}).find("expected an integer from 1 to 256") != std::string::npos);
        CPPUNIT_ASSERT(refusal({{"poolSize", "12abc"}}).find("'12abc'") != std::string::npos);
        CPPUNIT_ASSERT(refusal({{"baseDn", "people"}}).find("plugins.ldap-auth.baseDn has value 'people'") !=
                       std::string::npos);
        CPPUNIT_ASSERT(refusal({{"bindDn", "rotunda"}}).find("plugins.ldap-auth.bindDn has value 'rotunda'") != std::string::npos);
    }

    void testTimeoutsAreCappedByTheCallBudget() {
        CPPUNIT_ASSERT_EQUAL(std::string("(accepted)"), refusal({{"operationTimeoutMs", "2000"}}, 2000));
        const std::string refused = refusal({{"operationTimeoutMs", "9000"}}, 2000);
        CPPUNIT_ASSERT(refused.find("plugins.ldap-auth.operationTimeoutMs has value '9000', expected an integer from "
                                    "100 to 2000") != std::string::npos);
        CPPUNIT_ASSERT(refused.find("callTimeoutMs is 2000") != std::string::npos);
        CPPUNIT_ASSERT(refusal({{"networkTimeoutMs", "50"}}).find("networkTimeoutMs") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(1500L, settingsWith({}, 1500).operationTimeoutMs);  // the default fits the budget
        CPPUNIT_ASSERT_EQUAL(3000L, settingsWith({}, 5000).networkTimeoutMs);
    }

    void testTheServicePasswordIsNeverInARefusal() {
        const std::string refused = refusal({{"bindPassword", "hunter2"}, {"scope", "bad"}});
        CPPUNIT_ASSERT(refused.find("hunter2") == std::string::npos);
        try {
            LdapSettings::fromConfig(valuesWithDefaults({{"urls", "ldap://x"}, {"bindDn", "cn=a,dc=b"},
                                                         {"baseDn", "dc=b"}}),
                                     5000);
            CPPUNIT_FAIL("an empty service password was accepted");
        } catch (const LdapConfigError& e) {
            CPPUNIT_ASSERT(std::string(e.what()).find("plugins.ldap-auth.bindPassword") != std::string::npos);
        }
    }

    void testEveryDeclaredPropertyHasHelp() {
        std::map<std::string, bool> secret;
        for (const auto& property : configProperties()) {
            CPPUNIT_ASSERT(!property.label.empty());
            CPPUNIT_ASSERT(!property.help.empty());
            secret[property.name] = property.secret;
        }
        CPPUNIT_ASSERT(secret.at("bindPassword"));
        CPPUNIT_ASSERT(!secret.at("bindDn"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), static_cast<std::size_t>(std::count_if(
                                                 secret.begin(), secret.end(), [](const auto& p) { return p.second; })));
    }
};

ROTUNDA_TEST_SUITE(LdapSettingsTest);
