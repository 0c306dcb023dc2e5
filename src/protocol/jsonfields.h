#pragma once

#include <initializer_list>
#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QString>

//! \file Strict field readers shared by the DTO parsers (driver.h, payment.h, alert.h …).
//! Each returns false and says why in \a error when the field is missing or has the wrong type.

namespace Ops::JsonFields {

[[nodiscard]] bool readString(const QJsonObject &json, QLatin1StringView key, QString *out,
    QString *error, bool allowEmpty = false);
//! An exact integer within the 53-bit range a JSON number holds without loss.
[[nodiscard]] bool readInteger(
    const QJsonObject &json, QLatin1StringView key, qint64 *out, QString *error);
[[nodiscard]] bool readDouble(
    const QJsonObject &json, QLatin1StringView key, double *out, QString *error);
//! An ISO 8601 timestamp with or without milliseconds.
[[nodiscard]] bool readTime(
    const QJsonObject &json, QLatin1StringView key, QDateTime *out, QString *error);
//! A string that is one of \a allowed.
[[nodiscard]] bool readEnum(const QJsonObject &json, QLatin1StringView key,
    std::initializer_list<QLatin1StringView> allowed, QString *out, QString *error);
//! The first key that appears twice in one object of \a utf8 (a document QJsonDocument has
//! already accepted), decoded; nullopt when every object's keys are distinct. QJsonDocument
//! keeps the last of two equal keys silently, so strict readers reject them with this.
[[nodiscard]] std::optional<QString> duplicateKey(QByteArrayView utf8);
//! The UTC ISO 8601 form with milliseconds every DTO writes.
[[nodiscard]] QString isoTime(const QDateTime &time);

} // namespace Ops::JsonFields
