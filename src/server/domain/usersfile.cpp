#include "usersfile.h"

#include <QFile>
#include <QFileDevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>

#include "auth.h"
#include "validation.h"

using namespace Qt::StringLiterals;

namespace Ops {

QString UsersFile::newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(
        reinterpret_cast<quint32 *>(bytes.data()), reinterpret_cast<quint32 *>(bytes.data() + 32));
    return u"ops_"_s
        + QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Error UsersFile::load(const QString &path)
{
    m_path = path;
    m_root = QJsonObject { { "users"_L1, QJsonArray() } };
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return badRequest(u"users file %1: %2"_s.arg(path, file.errorString()));
    const QByteArray text = file.readAll();
    // What the server would say about it, so a broken file is reported, not overwritten.
    Auth check;
    if (const Error e = check.loadJson(text, path); !e.ok())
        return e;
    m_root = QJsonDocument::fromJson(text).object();
    return {};
}

Error UsersFile::save() const
{
    const QByteArray text = QJsonDocument(m_root).toJson(QJsonDocument::Indented);
    Auth check;
    if (const Error e = check.loadJson(text, m_path); !e.ok())
        return e;
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return badRequest(u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(text);
    if (!file.commit())
        return badRequest(u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    return {};
}

QList<UsersFile::Entry> UsersFile::entries() const
{
    QList<Entry> out;
    for (const QJsonValue &v : m_root.value("users"_L1).toArray()) {
        const QJsonObject o = v.toObject();
        Entry e { o.value("name"_L1).toString(), o.value("role"_L1).toString(), {},
            o.value("driverId"_L1).toString() };
        for (const QJsonValue &r : o.value("regions"_L1).toArray())
            e.regions.append(r.toString());
        out.append(e);
    }
    return out;
}

int UsersFile::indexOf(const QString &name) const
{
    const QJsonArray users = m_root.value("users"_L1).toArray();
    for (int i = 0; i < users.size(); ++i) {
        if (users.at(i).toObject().value("name"_L1).toString() == name)
            return i;
    }
    return -1;
}

Error UsersFile::add(const QString &name, const QString &role, const QStringList &regions,
    const QString &driverId, QString *token)
{
    static const QRegularExpression namePattern(u"^[A-Za-z0-9._@-]{1,64}$"_s);
    static const QRegularExpression regionPattern(u"^[a-z0-9_-]{1,64}$"_s);
    if (!namePattern.match(name).hasMatch())
        return badRequest(u"a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -"_s);
    if (!User::roleFromName(role))
        return badRequest(u"unknown role '%1'"_s.arg(role.left(32)));
    for (const QString &region : regions) {
        if (!regionPattern.match(region).hasMatch())
            return badRequest(u"region '%1': 1 to 64 of a-z 0-9 _ -"_s.arg(region.left(64)));
    }
    if (!driverId.isEmpty() && (driverId.size() > 64 || driverId.contains(u' ')))
        return badRequest(u"--driver: a driver id (1 to 64 characters, no spaces)"_s);
    // As the server reads the file (Auth): a driver user names its driver, and only it may.
    const bool driverRole = User::roleFromName(role) == User::Role::Driver;
    if (driverRole && driverId.isEmpty())
        return badRequest(u"a user with role driver needs --driver ID"_s);
    if (!driverRole && !driverId.isEmpty())
        return badRequest(u"--driver goes with --role driver"_s);
    if (indexOf(name) >= 0)
        return badRequest(
            u"user '%1' exists already; use 'users rotate %1' for a new token"_s.arg(name));
    *token = newToken();
    QJsonObject entry { { "name"_L1, name }, { "role"_L1, role },
        { "regions"_L1, QJsonArray::fromStringList(regions) },
        { "tokenSha256"_L1, QString::fromLatin1(Auth::hashToken(*token)) } };
    if (!driverId.isEmpty())
        entry.insert("driverId"_L1, driverId);
    QJsonArray users = m_root.value("users"_L1).toArray();
    users.append(entry);
    m_root.insert("users"_L1, users);
    return {};
}

Error UsersFile::remove(const QString &name)
{
    const int at = indexOf(name);
    if (at < 0)
        return Error { ErrorKind::NotFound, u"no user '%1' in %2"_s.arg(name.left(64), m_path) };
    QJsonArray users = m_root.value("users"_L1).toArray();
    users.removeAt(at);
    m_root.insert("users"_L1, users);
    return {};
}

Error UsersFile::rotate(const QString &name, QString *token)
{
    const int at = indexOf(name);
    if (at < 0)
        return Error { ErrorKind::NotFound, u"no user '%1' in %2"_s.arg(name.left(64), m_path) };
    *token = newToken();
    QJsonArray users = m_root.value("users"_L1).toArray();
    QJsonObject entry = users.at(at).toObject();
    entry.insert("tokenSha256"_L1, QString::fromLatin1(Auth::hashToken(*token)));
    users.replace(at, entry);
    m_root.insert("users"_L1, users);
    return {};
}

} // namespace Ops
