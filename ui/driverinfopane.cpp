#include "driverinfopane.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QJsonArray>
#include <QJsonValue>
#include <QLocale>
#include <QUrl>

#include "models/driverstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriverInfoPane::DriverInfoPane(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(u"driverInfo"_s);
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextBrowserInteraction);
    setOpenExternalLinks(false);
    setMargin(4);
    connect(this, &QLabel::linkActivated, this, &DriverInfoPane::onLink);
}

DriverInfoPane::~DriverInfoPane() = default;

QString DriverInfoPane::phoneLinks(const QString &phone)
{
    if (phone.trimmed().isEmpty())
        return tr("–");
    const QString dial = DriversTableModel::dialString(phone);
    if (dial.isEmpty())
        return phone.toHtmlEscaped();
    return u"<a href=\"tel:%1\">%2</a> · <a href=\"sms:%1\">%3</a>"_s.arg(
        dial, phone.toHtmlEscaped(), tr("SMS"));
}

void DriverInfoPane::showDriver(const QJsonObject &driver, std::optional<qint64> gpsAge, bool stale,
    bool lowBattery, bool canManage)
{
    m_driverId = driver.value("id"_L1).toString();
    if (driver.isEmpty()) {
        setText(tr("Select a driver to see the phone and registered devices."));
        return;
    }
    const auto orDash = [](const QString &text) {
        return text.isEmpty() ? tr("–") : text.toHtmlEscaped();
    };
    QStringList lines;
    QString head = u"<b>%1</b> (%2)"_s.arg(
        driver.value("name"_L1).toString().toHtmlEscaped(), m_driverId.toHtmlEscaped());
    if (!driver.value("active"_L1).toBool(true))
        head += u" — "_s + tr("deactivated: cannot be assigned");
    lines << head;
    lines << tr("Phone: %1").arg(phoneLinks(driver.value("phone"_L1).toString()));
    lines << tr("Vehicle: %1").arg(orDash(driver.value("vehicle"_L1).toString()));
    const auto warn = [](const QString &text, const QColor &color) {
        return u"<span style=\"color:%1\">%2</span>"_s.arg(color.name(), text);
    };
    QStringList position;
    if (!gpsAge) {
        position << tr("no position yet");
    } else {
        const QString age = DriversTableModel::staleText(*gpsAge);
        position << (stale
                ? warn(age,
                    DriversTableModel::presenceColor(DriversTableModel::Presence::NotResponding))
                : age);
    }
    if (const QJsonValue battery = driver.value("battery"_L1); battery.isDouble()) {
        const QString text = tr("Battery %1 %").arg(qRound(battery.toDouble()));
        position << (lowBattery ? warn(text, DriversTableModel::warningColor()) : text);
    }
    lines << position.join(u" · "_s);

    const QJsonArray devices = driver.value("devices"_L1).toArray();
    if (devices.isEmpty()) {
        lines << tr("No phone registered.");
    } else {
        QStringList items;
        for (const QJsonValue &v : devices) {
            const QJsonObject d = v.toObject();
            const QString id = d.value("id"_L1).toString();
            const QString label = d.value("label"_L1).toString();
            const QDateTime at =
                QDateTime::fromString(d.value("registeredAt"_L1).toString(), Qt::ISODateWithMs);
            QString item = tr("%1 (%2, registered %3)")
                               .arg(orDash(label), id.toHtmlEscaped(),
                                   QLocale().toString(at.toLocalTime(), QLocale::ShortFormat));
            if (canManage)
                item += u" <a href=\"revoke:%1\">%2</a>"_s.arg(id.toHtmlEscaped(), tr("Revoke…"));
            items << item;
        }
        lines << tr("Phones: %1").arg(items.join(u"; "_s));
    }
    setText(lines.join(u"<br>"_s));
}

void DriverInfoPane::onLink(const QString &link)
{
    if (link.startsWith(u"revoke:"_s)) {
        Q_EMIT revokeRequested(m_driverId, link.mid(7));
        return;
    }
    QDesktopServices::openUrl(QUrl(link)); // tel: and sms: go to the system's handler
}

} // namespace Ops
