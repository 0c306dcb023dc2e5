#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>

namespace Ops {

//! \brief The dashboard's key figures (`GET /api/kpis`), computed over the caller's regions.
struct Kpis
{
    qint64 openOrders = 0; //!< new, assigned, picked_up or in_transit
    qint64 inTransit = 0; //!< picked_up or in_transit
    qint64 deliveredToday = 0;
    qint64 late = 0; //!< open and past due
    qint64 driversOnline = 0;
    std::optional<double> onTimePercent; //!< of today's deliveries; null when there are none
    qint64 paymentsToday = 0;
    qint64 paymentsTodayCents = 0;
    qint64 openAlerts = 0; //!< open or acknowledged
    //! Open, not late yet, and due within atRiskMinutes or predicted late (ETA after the due
    //! time). Older servers send none (0).
    qint64 atRisk = 0;
    int atRiskMinutes = 15; //!< the server's at-risk threshold (also the countdown's amber)
    QDateTime asOf; //!< the server's clock when it computed these (invalid from older servers)

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<Kpis> fromJson(const QJsonObject &json, QString *error);

    friend bool operator==(const Kpis &, const Kpis &) = default;
};

} // namespace Ops
