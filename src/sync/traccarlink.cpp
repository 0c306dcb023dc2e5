#include "traccarlink.h"

#include <QByteArray>

using namespace Qt::StringLiterals;

namespace Ops {

namespace {

QByteArray encoded(const QString &value)
{
    // Only unreserved characters stay as they are: ':', '/', '?', '&', '=', '+' and '#' of a
    // server URL are encoded, so the app reads the value back exactly.
    return QUrl::toPercentEncoding(value);
}

} // namespace

QString TraccarLink::scheme()
{
    return u"org.traccar.client"_s;
}

QString TraccarLink::configuration(
    const QUrl &serverUrl, const QString &deviceKey, int intervalSeconds)
{
    const QString scheme = serverUrl.scheme();
    if (deviceKey.isEmpty() || !serverUrl.isValid() || serverUrl.host().isEmpty()
        || (scheme != "http"_L1 && scheme != "https"_L1) || intervalSeconds < 1)
        return {};
    QByteArray link = TraccarLink::scheme().toLatin1()
        + "://?url=" + encoded(serverUrl.toString(QUrl::RemoveUserInfo | QUrl::RemoveFragment));
    link += "&id=" + encoded(deviceKey);
    link += "&interval=" + QByteArray::number(intervalSeconds);
    link += "&distance=0&angle=0&accuracy=high&buffer=true";
    // Reports go on while the driver stands still (the app's stop detection would pause them),
    // a stationary phone still reports every HeartbeatSeconds, and the app's 30 s floor between
    // reports does not override a shorter interval.
    link += "&stop_detection=false&heartbeat=" + QByteArray::number(HeartbeatSeconds);
    link += "&fastest_interval=" + QByteArray::number(intervalSeconds);
    return QString::fromLatin1(link);
}

} // namespace Ops
