#pragma once

#include <QString>
#include <QUrl>

namespace Ops {

//! \brief The configuration link Traccar Client takes from a QR code: scanned, it sets the
//! phone's server URL, device identifier and reporting settings at once.
//!
//! Traccar Client 9.6.0 and newer (traccar/traccar-client, lib/configuration_service.dart,
//! ConfigurationService.applyUri) read links of the form
//! `org.traccar.client://?url=<server URL>&id=<device identifier>&interval=<s>&…`: from its own
//! scanner (Settings, the QR icon) and, as the app's registered URL scheme, from the phone's
//! camera (the app then asks "Apply new configuration?"). For any other scheme than http(s) the
//! server URL comes from `url`; the other parameters are the app's preference keys (`id`,
//! `interval` in seconds, `distance` in metres, `angle` in degrees, `accuracy`
//! highest/high/medium/low, `buffer` true/false, `stop_detection` true/false, `heartbeat` and
//! `fastest_interval` in seconds). docs/operations.md has the details.
class TraccarLink final
{
public:
    //! The settings docs/operations.md recommends for Opsboard: a report every 30 s whatever
    //! the distance, high accuracy, offline buffering on.
    static constexpr int DefaultIntervalSeconds = 30;
    //! A phone the app has judged stationary still reports this often. The app's own default
    //! is no report at all until it moves: a driver waiting at a pickup would be "not
    //! responding" after 120 s on every screen and raise the unresponsive-driver alert.
    static constexpr int HeartbeatSeconds = 60;

    //! The link configuring a phone to report to \a serverUrl (the OsmAnd endpoint, e.g.
    //! DriverActions::osmandUrl()) with \a deviceKey as its identifier; empty when either is
    //! empty or \a serverUrl is not http(s). Every value is percent-encoded (a `+` stays a
    //! plus: the app decodes `+` as a space).
    [[nodiscard]] static QString configuration(const QUrl &serverUrl, const QString &deviceKey,
        int intervalSeconds = DefaultIntervalSeconds);

    //! The scheme the app registers for these links.
    [[nodiscard]] static QString scheme();
};

} // namespace Ops
