#pragma once

#include <optional>

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Ops {

//! \brief What a dispatcher typed into the New order / Edit order form, checked as they type
//! with the server's own field rules (OrderFields), and turned into the body the server takes.
//!
//! A value type without widgets: the dialog fills it from its editors on every keystroke, shows
//! problems() at the fields, and sends createBody() or changesFrom() when there are none. The
//! server checks again (the rules may be stricter there, e.g. a region the user may not write),
//! and its 400 names the field the same way, so one place in the dialog shows both.
class OrderForm
{
    Q_DECLARE_TR_FUNCTIONS(Ops::OrderForm)

public:
    //! A problem with one field, named as the server names it (`customer`, `dueAt`, `lat`, …).
    struct Problem
    {
        QString field;
        QString message; //!< translated, for the dispatcher
    };

    QString customer;
    QString region;
    QString pickup;
    QString dropoff;
    QDateTime dueAt;
    //! Start of the delivery window; invalid = no window (due time only).
    QDateTime windowStart;
    //! The amount as typed, in currency units (`24.82`, `24,82`).
    QString amount;
    QString contactName;
    QString contactPhone;
    QString notes;
    QString externalRef;
    //! Positions as typed (`51.5512, -0.1318`); empty = none.
    QString pickupPosition;
    QString dropoffPosition;

    //! The form filled from an order row (for Edit order).
    [[nodiscard]] static OrderForm fromRow(const QJsonObject &row);

    //! Every field that would be refused, in the order of the form; empty when it may be sent.
    //! \a now is the clock due times are checked against (the server allows ±366 days).
    [[nodiscard]] QList<Problem> problems(const QDateTime &now) const;
    //! The body of `POST /api/orders`. Only meaningful when problems() is empty.
    [[nodiscard]] QJsonObject createBody() const;
    //! The fields of `PATCH /api/orders/<id>` that differ from \a row (what the dispatcher
    //! changed); `customer`, `region` and `externalRef` cannot be edited and are never in it.
    [[nodiscard]] QJsonObject changesFrom(const QJsonObject &row) const;

    //! `24.82` / `24,82` / `24` → cents; nullopt when it is not an amount.
    [[nodiscard]] static std::optional<qint64> parseAmount(const QString &text);
    //! `51.5512, -0.1318` (also `;` or a space between) → lat, lon; nullopt when malformed or
    //! out of range. Empty text is no position (nullopt too: check isEmpty() first).
    [[nodiscard]] static std::optional<std::pair<double, double>> parsePosition(
        const QString &text);
    //! Cents as the form shows them (`24.82`).
    [[nodiscard]] static QString formatAmount(qint64 cents);
};

} // namespace Ops
