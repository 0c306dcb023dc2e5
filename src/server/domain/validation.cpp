#include "validation.h"

#include <algorithm>

#include <QJsonDocument>

#include "orderservice.h"
#include "protocol/jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {

Error parseJsonObject(
    const QByteArray &body, std::initializer_list<QLatin1StringView> allowed, QJsonObject *out)
{
    if (body.size() > MaxRequestBodyBytes)
        return Error { ErrorKind::PayloadTooLarge,
            u"body larger than %1 bytes"_s.arg(MaxRequestBodyBytes) };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error { ErrorKind::BadRequest,
            u"malformed JSON at offset %1: %2"_s.arg(parseError.offset)
                .arg(parseError.errorString()) };
    if (!doc.isObject())
        return Error { ErrorKind::BadRequest, u"body must be a JSON object"_s };
    // QJsonDocument keeps the last of two equal keys; a body that says two things is refused,
    // as a repeated query parameter is.
    if (const auto key = JsonFields::duplicateKey(body))
        return Error { ErrorKind::BadRequest, u"duplicate field '%1'"_s.arg(key->left(64)) };
    const QJsonObject json = doc.object();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            return Error { ErrorKind::BadRequest, u"unknown field '%1'"_s.arg(it.key().left(64)) };
    }
    *out = json;
    return {};
}

Error parseOrderPatch(const QByteArray &body, OrderChange *out)
{
    QJsonObject json;
    if (Error e = parseJsonObject(body, { "status"_L1, "driverId"_L1 }, &json); !e.ok()) {
        if (e.kind == ErrorKind::BadRequest && e.message.startsWith(u"unknown field"_s))
            e.message += u"; only 'status' and 'driverId' may be changed"_s;
        return e;
    }
    OrderChange change;
    const QJsonValue status = json.value("status"_L1);
    if (!status.isUndefined()) {
        if (!status.isString())
            return Error { ErrorKind::BadRequest, u"'status' must be a string"_s };
        const auto parsed = orderStatusFromString(status.toString());
        if (!parsed)
            return Error { ErrorKind::BadRequest,
                u"unknown status '%1'"_s.arg(status.toString().left(64)) };
        change.status = *parsed;
    }
    const QJsonValue driver = json.value("driverId"_L1);
    if (driver.isNull()) {
        change.driverId = QString();
    } else if (!driver.isUndefined()) {
        if (!driver.isString() || driver.toString().isEmpty() || driver.toString().size() > 64)
            return Error { ErrorKind::BadRequest,
                u"'driverId' must be a driver id (1 to 64 characters) or null"_s };
        change.driverId = driver.toString();
    }
    if (!change.status && !change.driverId)
        return Error { ErrorKind::BadRequest, u"the body needs 'status' or 'driverId'"_s };
    *out = change;
    return {};
}

} // namespace Ops
