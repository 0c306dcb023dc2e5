#pragma once

#include <optional>

#include <QJsonObject>
#include <QList>

#include "apirequest.h"
#include "protocol/order.h"

//! \file Typed endpoints for orders: each builds an ApiRequest or parses an answer into DTOs.

namespace Ops::OrdersApi {

[[nodiscard]] ApiRequest list();
[[nodiscard]] ApiRequest item(const QString &id);
//! `PATCH /api/orders/<id>` with `If-Match: "<version>"` when \a expectedVersion is given, and
//! `"reason"` when \a reason is not empty (cancelling, failing, correcting a final state).
[[nodiscard]] ApiRequest setStatus(const QString &id, OrderStatus status,
    std::optional<qint64> expectedVersion = std::nullopt, const QString &reason = {});
//! `PATCH /api/orders/<id>` with `{"driverId": <id or null>}` (empty \a driverId unassigns),
//! plus `"status"` when \a status is given (e.g. a new order becomes assigned with its driver).
[[nodiscard]] ApiRequest assignDriver(const QString &id, const QString &driverId,
    std::optional<OrderStatus> status = std::nullopt,
    std::optional<qint64> expectedVersion = std::nullopt);
//! `POST /api/orders/bulk-status` with `{ids, status}` (no version check: "whatever it is now"),
//! and `reason` for all when not empty.
[[nodiscard]] ApiRequest setStatusBulk(
    const QStringList &ids, OrderStatus status, const QString &reason = {});
//! `POST /api/orders` with the new order's \a fields and an `Idempotency-Key`: the same key sent
//! again (a retry after a lost answer) gets the first answer, never a second order.
[[nodiscard]] ApiRequest create(const QJsonObject &fields, const QByteArray &idempotencyKey);
//! `PATCH /api/orders/<id>` with the edited \a changes (a position's two keys or `windowStart`
//! null remove it) against `If-Match: "<expectedVersion>"`.
[[nodiscard]] ApiRequest edit(
    const QString &id, const QJsonObject &changes, qint64 expectedVersion);
//! `POST /api/orders/bulk-assign` `{"fromDriver", "driverId", "reason"}`: every open order of
//! \a fromDriver to \a toDriver (empty: to no driver).
[[nodiscard]] ApiRequest reassignAll(
    const QString &fromDriver, const QString &toDriver, const QString &reason);
//! `POST /api/orders/import` with a CSV file: `?dryRun=1` checks and reports only,
//! `?partial=1` writes the valid rows even when others are invalid.
[[nodiscard]] ApiRequest importCsv(const QByteArray &csv, bool dryRun, bool partial = false);

//! \brief The answer of `POST /api/orders/import`: a dry run's report, or what an import wrote.
struct ImportReport
{
    struct Problem
    {
        int row = 0; //!< as a spreadsheet numbers it (the header is row 1)
        int line = 0; //!< where the row starts in the file
        QString field; //!< empty for a problem of the whole row
        QString reason;
    };
    struct Existing
    {
        int row = 0;
        QString externalRef;
        QString id; //!< the order that already has the ref
    };
    bool dryRun = false;
    int rowsRead = 0;
    int rowsValid = 0;
    int created = 0; //!< written, or (dry run) would be
    int problemCount = 0; //!< all of them; problems lists at most 1000
    int existingCount = 0;
    QList<Problem> problems;
    QList<Existing> existing;
    QString importId; //!< `IMP-nnnnn` when written
    QString firstId;
    QString lastId;
};

//! Parses an import answer (the body of a 200, or `report` of a 400); nullopt with a reason in
//! \a error when it is not one.
[[nodiscard]] std::optional<ImportReport> parseImportReport(const QJsonValue &json, QString *error);

//! Parses a list answer; a malformed row fails the whole list with a reason in \a error.
[[nodiscard]] std::optional<QList<Order>> parseList(const QJsonValue &json, QString *error);

} // namespace Ops::OrdersApi
