#include "databaselocation.h"

#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Ops {

Error DatabaseLocation::parse(const QString &text, DatabaseLocation *out)
{
    DatabaseLocation location;
    if (!text.startsWith("postgresql://"_L1) && !text.startsWith("postgres://"_L1)) {
        if (text.isEmpty())
            return Error { ErrorKind::BadRequest, u"empty database path"_s };
        location.path = text;
        *out = location;
        return {};
    }
    const QUrl url(text, QUrl::StrictMode);
    // Never echo the input: it may carry a password.
    const auto bad = [](const QString &why) {
        return Error { ErrorKind::BadRequest, u"bad PostgreSQL URL: %1"_s.arg(why) };
    };
    if (!url.isValid())
        return bad(u"expected postgresql://user[:password]@host[:port]/dbname"_s);
    location.dialect = Dialect::PostgreSQL;
    location.host = url.host(QUrl::FullyDecoded);
    location.port = url.port(5432);
    if (location.port < 1 || location.port > 65535)
        return bad(u"port must be 1 to 65535"_s);
    location.user = url.userName(QUrl::FullyDecoded);
    location.password = url.password(QUrl::FullyDecoded);
    if (location.password.isEmpty())
        location.password = qEnvironmentVariable("PGPASSWORD");
    location.database = url.path(QUrl::FullyDecoded).mid(1);
    if (location.database.contains(u'/'))
        return bad(u"expected exactly one database name after the host, e.g. /opsboard"_s);
    if (url.hasFragment())
        return bad(u"unexpected #fragment"_s);
    // Only options that are safe to pass through; each value is one libpq word.
    static const QStringList allowed { u"host"_s, u"port"_s, u"sslmode"_s, u"sslrootcert"_s,
        u"sslcert"_s, u"sslkey"_s, u"connect_timeout"_s, u"application_name"_s, u"service"_s,
        u"passfile"_s, u"keepalives"_s, u"keepalives_idle"_s, u"keepalives_interval"_s,
        u"keepalives_count"_s, u"target_session_attrs"_s };
    QStringList options;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!allowed.contains(key))
            return bad(u"unsupported option '%1' (allowed: %2)"_s.arg(
                key.left(32), allowed.join(u", "_s)));
        if (value.isEmpty() || value.contains(u' ') || value.contains(u';') || value.contains(u'\'')
            || value.contains(u'\\'))
            return bad(u"bad value for option '%1'"_s.arg(key));
        if (key == "host"_L1) {
            // The URL's host part cannot hold a path: a socket directory comes as ?host=.
            if (!location.host.isEmpty())
                return bad(u"give the host either before the path or as ?host=, not both"_s);
            if (!value.startsWith(u'/'))
                return bad(u"?host= takes a Unix-socket directory (an absolute path)"_s);
            location.host = value;
            continue;
        }
        if (key == "port"_L1) {
            bool ok = false;
            location.port = value.toInt(&ok);
            if (!ok || location.port < 1 || location.port > 65535 || url.port() != -1)
                return bad(u"port must be 1 to 65535, given once"_s);
            continue;
        }
        if (query.allQueryItemValues(key).size() > 1)
            return bad(u"option '%1' given twice"_s.arg(key));
        options.append(key + u'=' + value);
    }
    if (location.database.isEmpty() && !query.hasQueryItem(u"service"_s))
        return bad(u"expected a database name after the host, e.g. /opsboard (or ?service=)"_s);
    // An unreachable host must not hang start-up (or a reconnect) for the TCP timeout.
    if (!query.hasQueryItem(u"connect_timeout"_s))
        options.append(u"connect_timeout=5"_s);
    if (!query.hasQueryItem(u"application_name"_s))
        options.append(u"application_name=opsboard-server"_s);
    location.options = options.join(u';');
    *out = location;
    return {};
}

QString DatabaseLocation::displayName() const
{
    if (dialect == Dialect::SQLite)
        return path;
    const bool socket = host.isEmpty() || host.startsWith(u'/');
    QString text = u"postgresql://"_s;
    if (!user.isEmpty())
        text += QString::fromUtf8(QUrl::toPercentEncoding(user)) + u'@';
    if (!socket)
        text += (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(port);
    text += u'/' + QString::fromUtf8(QUrl::toPercentEncoding(database));
    if (socket && !host.isEmpty())
        text +=
            u"?host="_s + host + (port != 5432 ? u"&port="_s + QString::number(port) : QString());
    return text;
}

} // namespace Ops
