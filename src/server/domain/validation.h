#pragma once

#include <initializer_list>
#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include "core/error.h"
#include "protocol/order.h"

//! \file Validation of untrusted bodies: every parser of outside bytes that a route uses, each
//! answering a BadRequest (or PayloadTooLarge) that names the field and why.

namespace Ops {

struct OrderChange;
struct DriverDraft;
struct DriverChange;
struct DriverOrderReport;

//! Largest request body accepted; larger bodies get 413.
inline constexpr qsizetype MaxRequestBodyBytes = 64 * 1024;

//! Parses \a body as a JSON object: 413 over MaxRequestBodyBytes, 400 when malformed or not
//! an object, or when it has a field not in \a allowed or the same field twice.
[[nodiscard]] Error parseJsonObject(
    const QByteArray &body, std::initializer_list<QLatin1StringView> allowed, QJsonObject *out);

//! The PATCH body of an order: any of `status` (a known status), `driverId` (an id, or null to
//! unassign), `reason` (1 to OrderService::MaxReasonLength characters) and the editable fields
//! (`pickup`, `pickupLat`/`pickupLon`, `dropoff`, `lat`/`lon`, `dueAt`, `windowStart`,
//! `contactName`, `contactPhone`, `notes`, `amountCents`; a position or `windowStart` null
//! removes it), at least one besides `reason`, and nothing else (also a fuzz target's entry
//! point). The field a rejection is about goes to \a field.
[[nodiscard]] Error parseOrderPatch(
    const QByteArray &body, OrderChange *out, QString *field = nullptr);

//! The body of `POST /api/orders`: `customer`, `region`, `pickup`, `dropoff`, `dueAt`,
//! `amountCents` (required), `contactName`, `contactPhone`, `notes`, `externalRef`,
//! `windowStart`, `pickupLat`/`pickupLon`, `lat`/`lon` (optional), nothing else; every value
//! checked as OrderFields says and the whole order by validateNewOrder(). \a out is a draft
//! (no id, status new, no driver). The field a rejection is about goes to \a field. Also a fuzz
//! target's entry point.
[[nodiscard]] Error parseOrderCreate(
    const QByteArray &body, const QDateTime &now, Order *out, QString *field = nullptr);

//! \brief The rules of single order fields, shared by the JSON bodies and the CSV import, so a
//! value is accepted or refused the same way wherever it comes from. Each check takes the
//! value as given, stores the accepted value (text trimmed) and returns why not otherwise.
namespace OrderFields {

inline constexpr qsizetype MaxNameLength = 200; //!< customer, contactName
inline constexpr qsizetype MaxAddressLength = 500; //!< pickup, dropoff
inline constexpr qsizetype MaxNotesLength = 2000;
inline constexpr qsizetype MaxPhoneLength = 40;
inline constexpr qsizetype MaxRefLength = 100;
inline constexpr qsizetype MaxRegionLength = 64;
inline constexpr qint64 MaxAmountCents = 100'000'000;
//! How far from now a due time may be (days, both ways), and the longest delivery window.
inline constexpr int MaxDueDays = 366;
inline constexpr int MaxWindowDays = 7;

//! Text of 1 (or 0 when not \a required) to \a maxLength characters after trimming, without
//! control characters (line breaks and tabs only when \a multiline).
[[nodiscard]] std::optional<QString> text(
    const QString &value, qsizetype maxLength, bool required, bool multiline, QString *out);
//! Digits, spaces and `+ ( ) - . /`, with at least three digits; empty is allowed.
[[nodiscard]] std::optional<QString> phone(const QString &value, QString *out);
//! 1 to MaxRegionLength of `a-z 0-9 _ -`.
[[nodiscard]] std::optional<QString> region(const QString &value, QString *out);
//! 1 to MaxRefLength printable characters.
[[nodiscard]] std::optional<QString> externalRef(const QString &value, QString *out);
//! An ISO 8601 time with a zone (`Z` or `+hh:mm`), e.g. `2026-11-22T18:40:00Z`.
[[nodiscard]] std::optional<QString> time(const QString &value, QDateTime *out);
//! A coordinate in degrees within ±\a limit.
[[nodiscard]] std::optional<QString> coordinate(double value, double limit);
//! A whole number of cents from 0 to MaxAmountCents.
[[nodiscard]] std::optional<QString> amountCents(qint64 value);

} // namespace OrderFields

//! \brief A problem with one field of an order.
struct FieldProblem
{
    QString field;
    QString reason;
};

//! The rules of a whole order that no single field shows: a due time within MaxDueDays of \a now
//! (for a new order, or when an edit of \a before moves it), a window that starts before the due
//! time and lasts at most MaxWindowDays. Checked for every new order and after every edit.
[[nodiscard]] std::optional<FieldProblem> validateOrder(
    const Order &order, const QDateTime &now, const Order *before = nullptr);

//! The body of `POST /api/drivers`: `{"name", "region", "phone", "vehicle", "active", "id"}`,
//! `name` and `region` required. `name`: 1 to 100 characters; `region`: 1 to 64 of
//! `[A-Za-z0-9_-]`; `phone`: empty or 3 to 32 characters of digits, spaces and `+()./-` with
//! at least 3 digits; `vehicle`: up to 100 characters; `id`: 1 to 32 of `[A-Za-z0-9_-]`;
//! `active`: a boolean. No control characters anywhere.
[[nodiscard]] Error parseDriverDraft(const QByteArray &body, DriverDraft *out);
//! The body of `PATCH /api/drivers/<id>`: one or more of `name`, `phone`, `vehicle`, `region`,
//! `active`, checked as for parseDriverDraft(); nothing else.
[[nodiscard]] Error parseDriverPatch(const QByteArray &body, DriverChange *out);
//! The body of `POST /api/drivers/<id>/devices`: empty, `{}` or `{"label": "…"}` (up to 100
//! characters).
[[nodiscard]] Error parseDeviceRegistration(const QByteArray &body, QString *label);
//! The body of `POST /api/me/orders/<id>/status`: `{"status": "picked_up" | "in_transit" |
//! "delivered" | "failed", "reason", "note", "photo"}`. `failed` needs a `reason` (1 to 500
//! characters), and only `failed` takes one; `note` up to 2000 characters; `photo` a reference
//! (a URL or an id) of up to 500 characters without spaces.
[[nodiscard]] Error parseDriverOrderReport(const QByteArray &body, DriverOrderReport *out);

} // namespace Ops
