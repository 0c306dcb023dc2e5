#pragma once

#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Ops {

//! \brief Lifecycle of an order: new → assigned → picked_up → in_transit → delivered, or
//! cancelled / failed from any open state.
enum class OrderStatus {
    New,
    Assigned,
    PickedUp,
    InTransit,
    Delivered,
    Cancelled,
    Failed,
};

[[nodiscard]] QString toString(OrderStatus status);
[[nodiscard]] std::optional<OrderStatus> orderStatusFromString(QStringView text);
//! True when \a to may follow \a from (the lifecycle above; a no-op transition is not allowed).
[[nodiscard]] bool canTransition(OrderStatus from, OrderStatus to);
//! Delivered, cancelled and failed are final.
[[nodiscard]] bool isFinal(OrderStatus status);

//! \brief A WGS 84 position in degrees.
struct GeoPoint
{
    double lat = 0;
    double lon = 0;

    friend bool operator==(const GeoPoint &, const GeoPoint &) = default;
};

//! \brief One order as it travels on the wire (`GET /api/orders`).
//!
//! `driverId` is empty while no driver is assigned (`"driverId": null` on the wire).
//! `dropoffAt` is where the order is delivered (`"lat"`/`"lon"`, both or neither); absent for an
//! order created without coordinates. `pickupAt` is where it is collected (`"pickupLat"`/
//! `"pickupLon"`, both or neither). `etaAt` is the server's estimate of the arrival at the
//! drop-off (invalid: none; `"etaAt": null`), `etaEstimate` whether it came from the built-in
//! straight-line model rather than a routing service (`null` on the wire without an ETA). A
//! delivery window runs from `windowStart` to `dueAt`; without `windowStart` the order is due by
//! `dueAt`. `externalRef` is the sender's own reference (a shop's order number), unique among
//! orders; empty when there is none (`null` on the wire).
struct Order
{
    QString id;
    QString customer;
    QString region;
    QString pickup;
    QString dropoff;
    std::optional<GeoPoint> dropoffAt;
    QString driverId;
    OrderStatus status = OrderStatus::New;
    qint64 amountCents = 0;
    QDateTime dueAt;
    QDateTime updatedAt;
    qint64 version = 0;
    // Added later: at the end and with initialisers, so positional initialisers of the fields
    // above stay valid (and complete).
    std::optional<GeoPoint> pickupAt {};
    QDateTime etaAt {};
    bool etaEstimate = false;
    QDateTime windowStart {}; //!< invalid: no window
    QString contactName {};
    QString contactPhone {};
    QString notes {};
    QString externalRef {};

    [[nodiscard]] bool hasEta() const { return etaAt.isValid(); }
    [[nodiscard]] QJsonObject toJson() const;
    //! toJson() as compact JSON, appended to \a out: the bytes
    //! `QJsonDocument(toJson()).toJson(QJsonDocument::Compact)` gives, written directly.
    void appendJson(QByteArray &out) const;
    //! \a orders as a compact JSON array (appendJson() of each).
    [[nodiscard]] static QByteArray jsonArray(const QList<Order> &orders);
    //! Validates every field; on failure returns nullopt and says why in \a error.
    [[nodiscard]] static std::optional<Order> fromJson(const QJsonObject &json, QString *error);

    friend bool operator==(const Order &, const Order &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::Order)
