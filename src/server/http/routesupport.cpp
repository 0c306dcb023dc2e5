#include "routesupport.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include "core/logging.h"
#include "httpcompat.h"
#include "protocol/frames.h"

using namespace Qt::StringLiterals;

namespace Ops {

QHttpServerResponse errorResponse(const Error &error, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert("error"_L1, Error::kindName(error.kind));
    body.insert("message"_L1, error.message);
    if (error.kind == ErrorKind::Storage || error.kind == ErrorKind::Server)
        qCWarning(lcServerHttp) << "request failed:" << error.message;
    return QHttpServerResponse(
        body, static_cast<QHttpServerResponder::StatusCode>(Error::httpStatus(error.kind)));
}

AuthResult authenticateRequest(
    const Auth &auth, const QHttpServerRequest &request, Audience audience)
{
    const QByteArray header = request.value("Authorization").trimmed();
    constexpr QByteArrayView scheme("bearer ");
    if (header.size() <= scheme.size() || !header.left(scheme.size()).toLower().startsWith(scheme))
        return { std::nullopt,
            Error { ErrorKind::Unauthorized, u"missing 'Authorization: Bearer <token>'"_s } };
    const auto user = auth.authenticate(QString::fromUtf8(header.mid(scheme.size()).trimmed()));
    if (!user)
        return { std::nullopt, Error { ErrorKind::Unauthorized, u"invalid token"_s } };
    // Secure by default: a driver's token reaches its own API and nothing else.
    if (audience == Audience::Staff && user->isDriver())
        return { std::nullopt,
            Error { ErrorKind::Forbidden, u"a driver's token may only use /api/me/…"_s } };
    if (audience == Audience::Driver && !user->isDriver())
        return { std::nullopt,
            Error { ErrorKind::Forbidden, u"/api/me/… is a driver's own API"_s } };
    return { user, {} };
}

AuthResult authenticateWriter(
    const Auth &auth, const QHttpServerRequest &request, const QString &refusal)
{
    AuthResult caller = authenticateRequest(auth, request);
    if (caller.user && !caller.user->canWrite())
        return { std::nullopt, Error { ErrorKind::Forbidden, refusal } };
    return caller;
}

QStringList QueryParams::list(const QString &name) const
{
    if (!values.contains(name))
        return {};
    return values.value(name).split(u',', Qt::SkipEmptyParts);
}

QueryParams queryParams(
    const QHttpServerRequest &request, std::initializer_list<QLatin1StringView> allowed)
{
    QueryParams params;
    const QUrlQuery query(request.url());
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            params.error = Error { ErrorKind::BadRequest,
                u"unknown query parameter '%1'"_s.arg(name.left(64)) };
            return params;
        }
        if (params.values.contains(name)) {
            params.error =
                Error { ErrorKind::BadRequest, u"query parameter '%1' given twice"_s.arg(name) };
            return params;
        }
        params.values.insert(name, value);
    }
    return params;
}

Error parseIfMatch(const QHttpServerRequest &request, std::optional<qint64> *out)
{
    QByteArray value = request.value("If-Match").trimmed();
    if (value.isEmpty() || value == "*")
        return {};
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    bool ok = false;
    const qint64 version = value.toLongLong(&ok);
    if (!ok || version < 0)
        return Error { ErrorKind::BadRequest, u"If-Match must be a version, e.g. \"3\""_s };
    *out = version;
    return {};
}

QHttpServerResponse refusedWrite(
    const Error &error, const std::optional<QJsonObject> &current, qint64 currentVersion)
{
    if (error.kind != ErrorKind::Conflict || !current)
        return errorResponse(error);
    QHttpServerResponse response = errorResponse(error, { { "current"_L1, *current } });
    setResponseHeader(response, "ETag", versionEtag(currentVersion));
    return response;
}

QHttpServerResponse rowResponse(
    const QJsonObject &row, qint64 version, const StreamPosition &position)
{
    QHttpServerResponse response(row);
    setResponseHeader(response, "ETag", versionEtag(version));
    setPositionHeader(response, position);
    return response;
}

void setPositionHeader(QHttpServerResponse &response, const StreamPosition &position)
{
    setResponseHeader(response,
        QByteArray(Wire::PositionHeader.data(), Wire::PositionHeader.size()),
        position.toHeaderValue().toUtf8());
}

QByteArray versionEtag(qint64 version)
{
    return '"' + QByteArray::number(version) + '"';
}

QByteArray listScope(const User &user, const QHttpServerRequest &request)
{
    return User::roleName(user.role).toUtf8() + '|' + user.regions.join(u',').toUtf8() + '|'
        + request.url().path(QUrl::FullyEncoded).toUtf8() + '?'
        + request.url().query(QUrl::FullyEncoded).toUtf8();
}

QByteArray listEtag(
    const StreamPosition &position, const User &user, const QHttpServerRequest &request)
{
    const QByteArray scope =
        QCryptographicHash::hash(listScope(user, request), QCryptographicHash::Sha1);
    return "W/\"" + position.epoch.toUtf8() + '-' + QByteArray::number(position.seq) + '-'
        + scope.toHex().left(12) + '"';
}

bool etagMatches(const QHttpServerRequest &request, const QByteArray &etag)
{
    const QByteArray header = request.value("If-None-Match").trimmed();
    if (header.isEmpty())
        return false;
    if (header == "*")
        return true;
    // Weak comparison (RFC 9110 §8.8.3.2): W/ prefixes do not matter.
    const auto opaque = [](QByteArray tag) {
        tag = tag.trimmed();
        return tag.startsWith("W/") ? tag.mid(2) : tag;
    };
    const QByteArray wanted = opaque(etag);
    for (const QByteArray &candidate : header.split(',')) {
        if (opaque(candidate) == wanted)
            return true;
    }
    return false;
}

QHttpServerResponse notModified(const QByteArray &etag, const StreamPosition &position)
{
    QHttpServerResponse response(QHttpServerResponder::StatusCode::NotModified);
    setResponseHeader(response, "ETag", etag);
    setPositionHeader(response, position);
    return response;
}

QHttpServerResponse cachedJson(const QHttpServerRequest &request, const QJsonValue &body,
    const QByteArray &etag, const StreamPosition &position)
{
    if (etagMatches(request, etag))
        return notModified(etag, position);
    QHttpServerResponse response =
        body.isArray() ? QHttpServerResponse(body.toArray()) : QHttpServerResponse(body.toObject());
    setResponseHeader(response, "ETag", etag);
    setPositionHeader(response, position);
    return response;
}

} // namespace Ops
