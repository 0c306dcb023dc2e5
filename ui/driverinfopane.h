#pragma once

#include <optional>

#include <QJsonObject>
#include <QLabel>

namespace Ops {

//! \brief The selected driver at a glance under the drivers table: phone as call and SMS links,
//! vehicle, the position's age and source, battery, and the registered phones (each with a
//! "Revoke" link for managers).
class DriverInfoPane final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriverInfoPane)

public:
    explicit DriverInfoPane(QWidget *parent = nullptr);
    ~DriverInfoPane() override;

    //! Shows \a driver (empty: nothing selected): \a gpsAge seconds since its position (none:
    //! no position yet), \a stale and \a lowBattery as the drivers table flags them;
    //! \a canManage offers the Revoke links.
    void showDriver(const QJsonObject &driver, std::optional<qint64> gpsAge, bool stale,
        bool lowBattery, bool canManage);

    //! "<a href="tel:…">phone</a> · <a href="sms:…">SMS</a>" for \a phone (the number as entered,
    //! the URIs with its digits and a leading +); the phone escaped without links when it has
    //! no digits; "–" when empty.
    [[nodiscard]] static QString phoneLinks(const QString &phone);

Q_SIGNALS:
    //! The manager asked to revoke device \a deviceId of the driver shown.
    void revokeRequested(const QString &driverId, const QString &deviceId);

private:
    void onLink(const QString &link);

    QString m_driverId;
};

} // namespace Ops
