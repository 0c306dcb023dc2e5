#pragma once

#include <optional>

#include <QDateTime>
#include <QString>

#include "order.h"

//! \file The rules of an order's fields, one source for the server (JSON bodies and the CSV
//! import) and the app (a form that validates as the dispatcher types). Reasons are English
//! wire text ("'contactPhone' " + reason is the server's message); the app words its own.

namespace Ops {

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

} // namespace Ops
