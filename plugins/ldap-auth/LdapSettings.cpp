// LdapSettings.cpp — the ldap-auth plugin's configuration, presets and filters.
#include "LdapSettings.h"

#include "LdapText.h"

#include <algorithm>
#include <fstream>
#include <map>

namespace rotunda::ldapauth {
namespace {

using plugin::ConfigProperty;
using plugin::ConfigType;

struct PresetDefaults {
    const char* loginAttributes;
    const char* userFilter;
    const char* idAttribute;
    const char* emailAttribute;
    const char* nameAttribute;
    const char* groups;
    const char* groupAttribute;
};

const PresetDefaults& defaultsFor(Preset preset) {
    static const PresetDefaults openLdap{"uid mail", "(objectClass=person)", "entryUUID", "mail", "cn",
                                         "attribute", "memberOf"};
    static const PresetDefaults activeDirectory{
        "sAMAccountName userPrincipalName mail", "(&(objectCategory=person)(objectClass=user))", "objectGUID",
        "mail", "displayName", "nested", "memberOf"};
    return preset == Preset::ActiveDirectory ? activeDirectory : openLdap;
}

std::string key(const std::string& name) { return std::string("plugins.") + kPluginId + "." + name; }

bool parseBool(const plugin::ConfigValues& values, const std::string& name) {
    const std::string text = lowerAscii(values.getString(name));
    if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
    if (text == "false" || text == "no" || text == "off" || text == "0") return false;
    throw LdapConfigError(name, values.getString(name), "true or false");
}

long parseRange(const plugin::ConfigValues& values, const std::string& name, long low, long high) {
    const std::string& text = values.getString(name);
    const std::string allowed = "an integer from " + std::to_string(low) + " to " + std::to_string(high);
    if (text.empty() || text.size() > 12) throw LdapConfigError(name, text, allowed);
    long parsed = 0;
    std::size_t i = text[0] == '-' ? 1 : 0;
    if (i == text.size()) throw LdapConfigError(name, text, allowed);
    for (; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') throw LdapConfigError(name, text, allowed);
        parsed = parsed * 10 + (text[i] - '0');
    }
    if (text[0] == '-') parsed = -parsed;
    if (parsed < low || parsed > high) throw LdapConfigError(name, text, allowed);
    return parsed;
}

std::string required(const plugin::ConfigValues& values, const std::string& name, const std::string& allowed) {
    const std::string& text = values.getString(name);
    if (text.empty()) throw LdapConfigError(name, text, allowed);
    return text;
}

// A DN: non-empty, no control characters, every RDN of the form type=value.
bool looksLikeDn(const std::string& dn) {
    if (dn.empty() || dn.find('=') == std::string::npos) return false;
    for (const char c : dn)
        if (static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

std::string attribute(const plugin::ConfigValues& values, const std::string& name, const char* presetValue) {
    const std::string& text = values.getString(name);
    const std::string chosen = text.empty() ? presetValue : text;
    if (!isAttributeName(chosen))
        throw LdapConfigError(name, chosen, "an attribute name such as mail (letters, digits and '-') or an OID");
    return chosen;
}

}  // namespace

LdapConfigError::LdapConfigError(const std::string& name, const std::string& value, const std::string& allowed)
    : std::invalid_argument("configuration key " + key(name) + " has value '" +
                            (name == "bindPassword" ? std::string(value.empty() ? "" : "********") : value) +
                            "', expected " + allowed) {}

std::vector<ConfigProperty> configProperties() {
    return {
        {"urls", "Directory URLs",
         "ldap://host[:port] or ldaps://host[:port], several separated by spaces, tried in order (failover)",
         ConfigType::String, "", true, false},
        {"startTls", "StartTLS", "for ldap:// URLs, upgrade to TLS before sending anything (false: plain text, "
         "for tests only)", ConfigType::Boolean, "true", false, false},
        {"caFile", "CA file", "PEM file with the certificate authorities to trust; empty: the system's",
         ConfigType::Path, "", false, false},
        {"verifyCertificate", "Verify certificate",
         "check the directory's certificate and host name (false only for tests)", ConfigType::Boolean, "true",
         false, false},
        {"bindDn", "Service account DN", "the account that searches for users, e.g. "
         "cn=rotunda,ou=services,dc=example,dc=org", ConfigType::String, "", true, false},
        {"bindPassword", "Service account password", "its password (better given as "
         "ROTUNDA_PLUGINS_LDAP_AUTH_BIND_PASSWORD)", ConfigType::String, "", true, true},
        {"baseDn", "Base DN", "where users are searched, e.g. ou=people,dc=example,dc=org", ConfigType::String, "",
         true, false},
        {"scope", "Search scope", "sub (the base and everything below) or one (direct children only)",
         ConfigType::String, "sub", false, false},
        {"preset", "Directory kind", "openldap or activedirectory: the defaults of the attribute keys below",
         ConfigType::String, "openldap", false, false},
        {"loginAttributes", "Login attributes", "attributes the typed user name is matched against; empty: "
         "openldap 'uid mail', activedirectory 'sAMAccountName userPrincipalName mail'", ConfigType::String, "",
         false, false},
        {"userFilter", "User filter", "an extra condition user entries must meet, in parentheses; empty: openldap "
         "(objectClass=person), activedirectory (&(objectCategory=person)(objectClass=user))", ConfigType::String,
         "", false, false},
        {"idAttribute", "Stable id attribute", "never changes for a person, links the account; empty: openldap "
         "entryUUID, activedirectory objectGUID", ConfigType::String, "", false, false},
        {"emailAttribute", "Email attribute", "empty: mail", ConfigType::String, "", false, false},
        {"nameAttribute", "Name attribute", "empty: openldap cn, activedirectory displayName", ConfigType::String,
         "", false, false},
        {"groups", "Group resolution", "attribute (values of groupAttribute), nested (Active Directory's "
         "transitive membership rule 1.2.840.113556.1.4.1941) or none; empty: openldap attribute, "
         "activedirectory nested", ConfigType::String, "", false, false},
        {"groupAttribute", "Group attribute", "for groups = attribute; empty: memberOf", ConfigType::String, "",
         false, false},
        {"groupBaseDn", "Group base DN", "for groups = nested: where groups are searched; empty: baseDn",
         ConfigType::String, "", false, false},
        {"networkTimeoutMs", "Connect timeout (ms)", "connecting and the TLS handshake, per URL, 100 to "
         "callTimeoutMs; empty: 3000 or callTimeoutMs if smaller", ConfigType::Integer, "", false, false},
        {"operationTimeoutMs", "Operation timeout (ms)", "each search and bind, 100 to callTimeoutMs; empty: 3000 "
         "or callTimeoutMs if smaller", ConfigType::Integer, "", false, false},
        {"referrals", "Follow referrals", "chase referrals returned by the directory", ConfigType::Boolean,
         "false", false, false},
        {"poolSize", "Connection pool size", "connections kept open for searches (and as many for user binds)",
         ConfigType::Integer, "8", false, false},
        {"displayName", "Display name", "the name of this sign-in method shown to users", ConfigType::String,
         "Directory account", false, false},
    };
}

plugin::ConfigValues valuesWithDefaults(const std::vector<std::pair<std::string, std::string>>& configured) {
    std::map<std::string, std::string> values;
    for (const ConfigProperty& property : configProperties()) values[property.name] = property.defaultValue;
    for (const auto& [name, value] : configured)
        if (values.count(name) && !value.empty()) values[name] = value;
    return plugin::ConfigValues(values);
}

LdapSettings LdapSettings::fromConfig(const plugin::ConfigValues& values, long callTimeoutMs) {
    LdapSettings s;
    const std::string urls = required(values, "urls", "one or more ldap:// or ldaps:// URLs separated by spaces");
    for (const std::string& url : splitList(urls)) {
        const std::string lower = lowerAscii(url);
        const bool known = lower.rfind("ldap://", 0) == 0 || lower.rfind("ldaps://", 0) == 0;
        const std::string rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
        const std::string host = rest.substr(0, rest.find('/'));
        if (!known || host.empty() || rest.find_first_of("?#") != std::string::npos)
            throw LdapConfigError("urls", url, "ldap://host[:port] or ldaps://host[:port] (several separated by "
                                               "spaces); ldapi:// and URLs with a DN or filter are not used");
        s.urls.push_back(url);
    }
    if (s.urls.empty())
        throw LdapConfigError("urls", urls, "one or more ldap:// or ldaps:// URLs separated by spaces");
    s.startTls = parseBool(values, "startTls");
    s.verifyCertificate = parseBool(values, "verifyCertificate");
    s.caFile = values.getString("caFile");
    if (!s.caFile.empty() && !std::ifstream(s.caFile).good())
        throw LdapConfigError("caFile", s.caFile, "a readable PEM file of certificate authorities, or empty");
    s.bindDn = required(values, "bindDn", "the DN of the service account that searches, e.g. "
                                          "cn=rotunda,ou=services,dc=example,dc=org");
    if (!looksLikeDn(s.bindDn)) throw LdapConfigError("bindDn", s.bindDn, "a DN such as cn=rotunda,dc=example,dc=org");
    s.bindPassword = values.getString("bindPassword");
    if (s.bindPassword.empty())
        throw LdapConfigError("bindPassword", "", "the service account's password (an empty password would be an "
                                                  "unauthenticated bind)");
    s.baseDn = required(values, "baseDn", "the DN under which users are searched, e.g. ou=people,dc=example,dc=org");
    if (!looksLikeDn(s.baseDn)) throw LdapConfigError("baseDn", s.baseDn, "a DN such as ou=people,dc=example,dc=org");

    const std::string scope = lowerAscii(values.getString("scope"));
    if (scope == "sub" || scope == "subtree") s.subtree = true;
    else if (scope == "one" || scope == "onelevel") s.subtree = false;
    else throw LdapConfigError("scope", values.getString("scope"), "sub or one");

    const std::string preset = lowerAscii(values.getString("preset"));
    if (preset == "openldap") s.preset = Preset::OpenLdap;
    else if (preset == "activedirectory" || preset == "ad") s.preset = Preset::ActiveDirectory;
    else throw LdapConfigError("preset", values.getString("preset"), "openldap or activedirectory");
    const PresetDefaults& defaults = defaultsFor(s.preset);

    const std::string& logins = values.getString("loginAttributes");
    s.loginAttributes = splitList(logins.empty() ? defaults.loginAttributes : logins);
    for (const std::string& name : s.loginAttributes)
        if (!isAttributeName(name))
            throw LdapConfigError("loginAttributes", logins, "attribute names separated by spaces, such as 'uid mail'");
    s.userFilter = values.getString("userFilter").empty() ? defaults.userFilter : values.getString("userFilter");
    if (!isParenthesizedFilter(s.userFilter))
        throw LdapConfigError("userFilter", s.userFilter, "one LDAP filter in parentheses, such as "
                                                          "(objectClass=person) or (&(objectClass=person)(!(ou=former)))");
    s.idAttribute = attribute(values, "idAttribute", defaults.idAttribute);
    s.emailAttribute = attribute(values, "emailAttribute", defaults.emailAttribute);
    s.nameAttribute = attribute(values, "nameAttribute", defaults.nameAttribute);
    s.groupAttribute = attribute(values, "groupAttribute", defaults.groupAttribute);
    const std::string groups = lowerAscii(values.getString("groups").empty() ? defaults.groups
                                                                             : values.getString("groups"));
    if (groups == "attribute") s.groups = GroupMode::Attribute;
    else if (groups == "nested") s.groups = GroupMode::Nested;
    else if (groups == "none") s.groups = GroupMode::None;
    else throw LdapConfigError("groups", values.getString("groups"), "attribute, nested or none");
    s.groupBaseDn = values.getString("groupBaseDn").empty() ? s.baseDn : values.getString("groupBaseDn");
    if (!looksLikeDn(s.groupBaseDn)) throw LdapConfigError("groupBaseDn", s.groupBaseDn, "a DN, or empty for baseDn");

    // Each timeout fits in the host's budget for one call: a sign-in that overruns it
    // would still be waited for, since the host cannot interrupt a call.
    const long budget = std::max(100L, callTimeoutMs);
    const auto timeout = [&values, budget](const std::string& name) {
        if (values.getString(name).empty()) return std::min(3000L, budget);
        try {
            return parseRange(values, name, 100, budget);
        } catch (const LdapConfigError&) {
            throw LdapConfigError(name, values.getString(name),
                                  "an integer from 100 to " + std::to_string(budget) +
                                      " (the call budget plugins.ldap-auth.callTimeoutMs is " +
                                      std::to_string(budget) + ")");
        }
    };
    s.networkTimeoutMs = timeout("networkTimeoutMs");
    s.operationTimeoutMs = timeout("operationTimeoutMs");
    s.referrals = parseBool(values, "referrals");
    s.poolSize = static_cast<int>(parseRange(values, "poolSize", 1, 256));
    s.displayName = values.getString("displayName").empty() ? "Directory account" : values.getString("displayName");
    return s;
}

std::string LdapSettings::userSearchFilter(const std::string& username) const {
    const std::string value = escapeFilterValue(username);
    std::string any = loginAttributes.size() == 1 ? "" : "(|";
    for (const std::string& name : loginAttributes) any += "(" + name + "=" + value + ")";
    if (loginAttributes.size() != 1) any += ")";
    return userFilter.empty() ? any : "(&" + userFilter + any + ")";
}

std::string LdapSettings::nestedGroupFilter(const std::string& userDn) const {
    return "(member:1.2.840.113556.1.4.1941:=" + escapeFilterValue(userDn) + ")";
}

std::vector<std::string> LdapSettings::userAttributes() const {
    std::vector<std::string> names{idAttribute, emailAttribute, nameAttribute};
    if (groups == GroupMode::Attribute) names.push_back(groupAttribute);
    return names;
}

std::string LdapSettings::presetName() const {
    return preset == Preset::ActiveDirectory ? "activedirectory" : "openldap";
}

std::string LdapSettings::groupsDescription() const {
    switch (groups) {
        case GroupMode::Attribute: return "attribute " + groupAttribute;
        case GroupMode::Nested: return "nested (1.2.840.113556.1.4.1941) under " + groupBaseDn;
        case GroupMode::None: return "none";
    }
    return "none";
}

}  // namespace rotunda::ldapauth
