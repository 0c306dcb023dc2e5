#include "auth.h"

#include <array>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include "core/logging.h"
#include "validation.h"

using namespace Qt::StringLiterals;

namespace Ops {

namespace {

struct RoleName
{
    User::Role role;
    QStringView name;
};

//! The one spelling of each role, in the users file and on the wire, both ways.
constexpr std::array kRoleNames {
    RoleName { User::Role::Viewer, u"viewer" },
    RoleName { User::Role::Dispatcher, u"dispatcher" },
    RoleName { User::Role::Manager, u"manager" },
    RoleName { User::Role::Driver, u"driver" },
};

} // namespace

QString User::roleName(Role role)
{
    for (const auto &entry : kRoleNames) {
        if (entry.role == role)
            return entry.name.toString();
    }
    return u"viewer"_s;
}

std::optional<User::Role> User::roleFromName(QStringView name)
{
    for (const auto &entry : kRoleNames) {
        if (entry.name == name)
            return entry.role;
    }
    return std::nullopt;
}

bool User::canSubscribe(QStringView channel) const
{
    if (isDriver())
        return false;
    if (channel == u"orders" || channel == u"drivers" || channel == u"kpis")
        return true;
    if (channel == u"alerts")
        return canHandleAlerts();
    if (channel == u"payments")
        return canReadPayments();
    return false;
}

QByteArray Auth::hashToken(QStringView token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

void Auth::addUser(const User &user, const QByteArray &tokenSha256Hex)
{
    m_users.insert(tokenSha256Hex.toLower(), user);
}

Error Auth::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorKind::BadRequest,
            u"users file %1: %2"_s.arg(path, file.errorString()) };
    return loadJson(file.readAll(), path);
}

Error Auth::loadJson(const QByteArray &json, const QString &path)
{
    const auto fail = [&path](const QString &problem) {
        return Error { ErrorKind::BadRequest, u"users file %1: %2"_s.arg(path, problem) };
    };
    QString malformed;
    const auto doc = parseJsonDocument(json, &malformed);
    if (!doc)
        return fail(malformed);
    if (!doc->isObject() || !doc->object().value("users"_L1).isArray())
        return fail(u"expected an object with a \"users\" array"_s);

    static const QRegularExpression hexPattern(u"^[0-9a-fA-F]{64}$"_s);
    QHash<QByteArray, User> users;
    const QJsonArray entries = doc->object().value("users"_L1).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries.at(i).toObject();
        const QString where = u"users[%1]"_s.arg(i);
        if (!entries.at(i).isObject())
            return fail(u"%1 must be an object"_s.arg(where));
        User user;
        user.name = entry.value("name"_L1).toString();
        if (user.name.isEmpty())
            return fail(u"%1.name must be a non-empty string"_s.arg(where));
        const auto role = User::roleFromName(entry.value("role"_L1).toString());
        if (!role)
            return fail(u"%1.role must be dispatcher, manager, viewer or driver"_s.arg(where));
        user.role = *role;
        const QJsonValue driverId = entry.value("driverId"_L1);
        if (user.role == User::Role::Driver) {
            if (!driverId.isString() || driverId.toString().isEmpty()
                || driverId.toString().size() > 64)
                return fail(u"%1.driverId must name the driver (a non-empty string)"_s.arg(where));
            user.driverId = driverId.toString();
        } else if (!driverId.isUndefined() && !driverId.isNull()) {
            return fail(u"%1.driverId is only for role driver"_s.arg(where));
        }
        const QJsonValue regions = entry.value("regions"_L1);
        if (!regions.isUndefined() && !regions.isArray())
            return fail(u"%1.regions must be an array of strings"_s.arg(where));
        for (const QJsonValue &r : regions.toArray()) {
            if (!r.isString() || r.toString().isEmpty())
                return fail(u"%1.regions must be an array of strings"_s.arg(where));
            user.regions.append(r.toString());
        }
        const QString hash = entry.value("tokenSha256"_L1).toString();
        if (!hexPattern.match(hash).hasMatch())
            return fail(u"%1.tokenSha256 must be 64 hex digits"_s.arg(where));
        const QByteArray key = hash.toLatin1().toLower();
        if (users.contains(key))
            return fail(u"%1 repeats the token of another user"_s.arg(where));
        users.insert(key, user);
    }
    m_users = std::move(users);
    qCInfo(lcServerHttp) << "loaded" << m_users.size() << "users from" << path;
    return {};
}

std::optional<User> Auth::authenticate(QStringView token) const
{
    if (token.isEmpty())
        return std::nullopt;
    const auto it = m_users.constFind(hashToken(token));
    if (it == m_users.constEnd())
        return std::nullopt;
    return *it;
}

std::optional<User> Auth::authenticateHash(const QByteArray &tokenSha256Hex) const
{
    const auto it = m_users.constFind(tokenSha256Hex);
    if (tokenSha256Hex.isEmpty() || it == m_users.constEnd())
        return std::nullopt;
    return *it;
}

} // namespace Ops
