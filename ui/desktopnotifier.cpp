#include "desktopnotifier.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QJsonArray>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QUrl>

#ifdef OPS_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif
#ifdef OPS_HAVE_MULTIMEDIA
#include <QSoundEffect>
#endif

#include "alertspanel.h"
#include "core/logging.h"
#include "mainwindow.h"
#include "models/alertstablemodel.h"
#include "models/alerttext.h"
#include "windowmanager.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

const QString kMutedKey = u"alerts/soundsMuted"_s;
#ifdef OPS_HAVE_DBUS
const QString kService = u"org.freedesktop.Notifications"_s;
const QString kPath = u"/org/freedesktop/Notifications"_s;
#endif
const QString kAcknowledge = u"acknowledge"_s;
const QString kOpen = u"open"_s;

} // namespace

DesktopNotifier::DesktopNotifier(QueryClient *queries, QObject *parent)
    : QObject(parent)
    , m_model(new AlertsTableModel(queries, this))
    , m_muteAction(new QAction(tr("&Mute alert sounds"), this))
    , m_clock([] { return QDateTime::currentDateTime(); })
    , m_prefs(NotificationPreferences::load({}))
    , m_quietAction(new QAction(this))
    , m_muted(QSettings().value(kMutedKey, false).toBool())
{
    for (const auto &[severity, text] :
        { std::pair { u"critical"_s, tr("Sound for &critical alerts") },
            std::pair { u"warning"_s, tr("Sound for &warnings") },
            std::pair { u"info"_s, tr("Sound for &info alerts") } }) {
        auto *action = new QAction(text, this);
        action->setObjectName(u"sound-"_s + severity);
        action->setCheckable(true);
        connect(action, &QAction::triggered, this, [this, severity = severity](bool on) {
            NotificationPreferences p = m_prefs;
            if (on)
                p.silent.remove(severity);
            else
                p.silent.insert(severity);
            setPreferences(p);
        });
        m_soundActions.insert(severity, action);
    }
    m_quietAction->setObjectName(u"quietHours"_s);
    m_quietAction->setCheckable(true);
    connect(m_quietAction, &QAction::triggered, this, [this](bool on) {
        NotificationPreferences p = m_prefs;
        p.quietHours = on;
        setPreferences(p);
    });
    syncPreferenceActions();
#ifdef OPS_HAVE_DBUS
    m_useDBus = true;
#endif
    m_muteAction->setObjectName(u"muteAlertSounds"_s);
    m_muteAction->setCheckable(true);
    m_muteAction->setChecked(m_muted);
    m_muteAction->setToolTip(tr("New alerts play no sound (critical alerts still notify)"));
    connect(m_muteAction, &QAction::toggled, this, &DesktopNotifier::setMuted);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setObjectName(u"trayIcon"_s);
        m_tray->setToolTip(QApplication::applicationDisplayName());
        auto *menu = new QMenu;
        connect(this, &QObject::destroyed, menu, &QObject::deleteLater);
        connect(menu->addAction(tr("&Show Opsboard")), &QAction::triggered, this,
            [this] { Q_EMIT openRequested({}, {}); });
        menu->addAction(m_muteAction);
        menu->addSeparator();
        connect(menu->addAction(tr("&Quit")), &QAction::triggered, qApp,
            &QApplication::closeAllWindows);
        m_tray->setContextMenu(menu);
        connect(m_tray, &QSystemTrayIcon::messageClicked, this,
            [this] { Q_EMIT openRequested(m_lastTrayAlert, m_subjects.value(m_lastTrayAlert)); });
        connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger)
                    Q_EMIT openRequested({}, {});
            });
        m_tray->show();
    }

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &DesktopNotifier::onRowsChanged);
    connect(m_model, &JsonRowsModel::statusChanged, this, &DesktopNotifier::onRowsChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &DesktopNotifier::closeSettled);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &DesktopNotifier::onEscalations);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &DesktopNotifier::onEscalations);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DesktopNotifier::closeSettled);
    onRowsChanged();
}

DesktopNotifier::~DesktopNotifier() = default;

void DesktopNotifier::attach(WindowManager *windows)
{
    m_windows = windows;
    const auto addMute = [this](MainWindow *window) {
        window->viewMenu()->addSeparator();
        window->viewMenu()->addAction(m_muteAction);
        QMenu *sounds = window->viewMenu()->addMenu(tr("Alert so&unds"));
        sounds->setObjectName(u"alertSoundsMenu"_s);
        sounds->addActions(preferenceActions());
    };
    for (MainWindow *window : windows->windows())
        addMute(window);
    connect(windows, &WindowManager::windowOpened, this, addMute);
    connect(this, &DesktopNotifier::acknowledgeRequested, this, &DesktopNotifier::acknowledge);
    connect(this, &DesktopNotifier::openRequested, this,
        [this](
            const QString &alertId, const QString &subject) { open(subject, !alertId.isEmpty()); });
    connect(this, &DesktopNotifier::alertsRequested, this, [this] { open({}, true); });
}

MainWindow *DesktopNotifier::frontWindow() const
{
    const QList<MainWindow *> open = m_windows ? m_windows->windows() : QList<MainWindow *>();
    return open.isEmpty() ? nullptr : open.first();
}

void DesktopNotifier::acknowledge(const QString &alertId)
{
    // The same action as the alerts panel's button: optimistic, confirmed or rolled back.
    MainWindow *window = frontWindow();
    if (!window || window->alertsPanel()->run(AlertsPanel::Action::Acknowledge, alertId))
        return;
    window->statusBar()->showMessage(
        tr("%1 cannot be acknowledged now (not live, or no longer open)").arg(alertId), 10000);
}

void DesktopNotifier::open(const QString &subject, bool showAlerts)
{
    MainWindow *window = frontWindow();
    if (!window)
        return;
    window->show();
    window->setWindowState(window->windowState() & ~Qt::WindowMinimized);
    window->raise();
    window->activateWindow();
    if (subject.startsWith("DRV-"_L1))
        window->selectDriver(subject);
    else if (!subject.isEmpty())
        window->selectOrder(subject);
    if (QDockWidget *alerts = window->dock(u"alertsDock"_s); alerts && showAlerts)
        alerts->raise();
}

void DesktopNotifier::setMuted(bool muted)
{
    if (m_muted == muted)
        return;
    m_muted = muted;
    QSettings().setValue(kMutedKey, muted);
    m_muteAction->setChecked(muted);
    Q_EMIT mutedChanged(muted);
}

void DesktopNotifier::setSoundPlayer(std::function<void(const QString &)> player)
{
    m_player = std::move(player);
}

QString DesktopNotifier::soundOf(const QString &severity)
{
    const QString known =
        severity == "critical"_L1 || severity == "warning"_L1 ? severity : u"info"_s;
    return u"qrc:/sounds/alert-%1.wav"_s.arg(known);
}

void DesktopNotifier::onRowsChanged()
{
    if (!m_model->hasData())
        return;
    if (!m_baselined) {
        // Everything present at the first load is known already: only what comes later counts.
        m_baselined = true;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            m_seen.insert(m_model->idAt(row));
            m_steps.insert(m_model->idAt(row),
                m_model->rowAt(row).value("escalation"_L1).toObject().value("step"_L1).toInt());
        }
        return;
    }
    QList<QJsonObject> fresh;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString id = m_model->idAt(row);
        if (m_seen.contains(id))
            continue;
        m_seen.insert(id);
        if (m_model->rowAt(row).value("status"_L1).toString() == "open"_L1)
            fresh.append(m_model->rowAt(row));
    }
    if (!fresh.isEmpty())
        announce(fresh);
}

void DesktopNotifier::onEscalations()
{
    if (!m_baselined)
        return;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QJsonObject alert = m_model->rowAt(row);
        const QString id = alert.value("id"_L1).toString();
        const QJsonObject step = alert.value("escalation"_L1).toObject();
        const int number = step.value("step"_L1).toInt();
        if (number <= m_steps.value(id, 0))
            continue;
        m_steps.insert(id, number);
        if (m_user.isEmpty() || !step.value("audience"_L1).toArray().contains(QJsonValue(m_user)))
            continue;
        const QString kind = step.value("kind"_L1).toString();
        const QString severity = alert.value("severity"_L1).toString();
        const NotificationDecision decision = decideNotification(
            { severity }, m_clock().toLocalTime().time(), m_muted, m_prefs, true);
        qCInfo(lcUi) << "escalation" << kind << "of" << id << "for" << m_user;
        if (!decision.sound.isEmpty())
            playSound(decision.sound);
        if (decision.desktop) {
            const QString subject = alert.value("subjectId"_L1).toString();
            m_subjects.insert(id, subject);
            QString title;
            if (kind == "escalated"_L1)
                title = tr("Escalated to you: %1").arg(subject);
            else if (kind == "reminded"_L1)
                title = tr("Acknowledged, not resolved yet: %1").arg(subject);
            else
                title = tr("Still not acknowledged: %1").arg(subject);
            notifyDesktop(id, title, AlertText::message(alert));
        }
        Q_EMIT escalationNotified(id, kind, decision.desktop);
    }
}

void DesktopNotifier::setUser(const QString &user)
{
    m_user = user;
    m_prefs = NotificationPreferences::load(user);
    syncPreferenceActions();
}

void DesktopNotifier::setPreferences(const NotificationPreferences &preferences)
{
    m_prefs = preferences;
    m_prefs.save(m_user);
    syncPreferenceActions();
}

QList<QAction *> DesktopNotifier::preferenceActions() const
{
    return { m_soundActions.value(u"critical"_s), m_soundActions.value(u"warning"_s),
        m_soundActions.value(u"info"_s), m_quietAction };
}

void DesktopNotifier::syncPreferenceActions()
{
    for (auto it = m_soundActions.cbegin(); it != m_soundActions.cend(); ++it)
        it.value()->setChecked(m_prefs.soundFor(it.key()));
    m_quietAction->setChecked(m_prefs.quietHours);
    m_quietAction->setText(
        tr("&Quiet hours %1–%2 (only critical alerts)")
            .arg(m_prefs.quietFrom.toString(u"HH:mm"_s), m_prefs.quietUntil.toString(u"HH:mm"_s)));
}

void DesktopNotifier::announce(const QList<QJsonObject> &alerts)
{
    // Alerts that arrive together (an engine scan raising many) are one sound, the most severe
    // one's allowed now, not a cacophony; critical ones reach the desktop even in quiet hours.
    QStringList severities;
    QList<QJsonObject> critical;
    for (const QJsonObject &alert : alerts) {
        const QString severity = alert.value("severity"_L1).toString();
        severities.append(severity);
        if (severity == "critical"_L1)
            critical.append(alert);
    }
    const NotificationDecision decision =
        decideNotification(severities, m_clock().toLocalTime().time(), m_muted, m_prefs);
    if (!decision.sound.isEmpty())
        playSound(decision.sound);
    if (!decision.desktop || critical.isEmpty())
        return;
    for (QWidget *window : QApplication::topLevelWidgets()) {
        if (qobject_cast<QMainWindow *>(window) && window->isVisible())
            QApplication::alert(window);
    }
    Q_EMIT attentionRequested();
    if (critical.size() <= kSeparateNotifications) {
        for (const QJsonObject &alert : std::as_const(critical)) {
            const QString id = alert.value("id"_L1).toString();
            const QString subject = alert.value("subjectId"_L1).toString();
            m_subjects.insert(id, subject);
            notifyDesktop(id, tr("Critical alert: %1").arg(subject), AlertText::message(alert));
        }
        return;
    }
    // Many at once: one notification that says how many, and opens the alerts panel.
    QStringList lines;
    for (qsizetype i = 0; i < std::min<qsizetype>(critical.size(), kSeparateNotifications); ++i)
        lines.append(AlertText::message(critical.at(i)));
    lines.append(tr("… and %1 more").arg(critical.size() - kSeparateNotifications));
    notifyDesktop({}, tr("%1 new critical alerts").arg(critical.size()), lines.join(u'\n'));
}

void DesktopNotifier::notifyDesktop(const QString &id, const QString &title, const QString &message)
{
#ifdef OPS_HAVE_DBUS
    if (m_useDBus) {
        QDBusConnection bus = QDBusConnection::sessionBus();
        if (!m_dbusConnected && bus.isConnected()) {
            m_dbusConnected = true;
            bus.connect(kService, kPath, kService, u"ActionInvoked"_s, this,
                SLOT(onActionInvoked(uint, QString)));
            bus.connect(kService, kPath, kService, u"NotificationClosed"_s, this,
                SLOT(onNotificationClosed(uint, uint)));
        }
        QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, u"Notify"_s);
        const QVariantMap hints {
            { u"urgency"_s, QVariant::fromValue(uchar(2)) }, // critical: stays until dealt with
            { u"category"_s, u"x-opsboard.alert"_s },
            { u"desktop-entry"_s, u"io.opsboard.Opsboard"_s },
            { u"suppress-sound"_s, true }, // the app plays its own, which can be muted
        };
        // One alert can be acknowledged from the notification; a summary only opens the panel.
        QStringList actions { kOpen, tr("Open"), u"default"_s, tr("Open") };
        if (!id.isEmpty())
            actions = QStringList { kAcknowledge, tr("Acknowledge") } + actions;
        call << QApplication::applicationDisplayName() << uint(0) << u"io.opsboard.Opsboard"_s
             << title << message << actions << hints << int(0);
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, id, title, message](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusPendingReply<uint> reply = *w;
                if (reply.isError()) {
                    qCInfo(lcUi) << "no desktop notification service:" << reply.error().message();
                    notifyTray(id, title, message);
                    return;
                }
                if (id.isEmpty())
                    m_summaries.insert(reply.value());
                else
                    m_notifications.insert(reply.value(), id);
                Q_EMIT notified(id, Channel::DBus);
            });
        return;
    }
#endif
    notifyTray(id, title, message);
}

void DesktopNotifier::notifyTray(const QString &id, const QString &title, const QString &message)
{
    if (m_tray && m_tray->isVisible() && QSystemTrayIcon::supportsMessages()) {
        m_lastTrayAlert = id;
        m_tray->showMessage(title, message, QSystemTrayIcon::Critical, 0);
        Q_EMIT notified(id, Channel::Tray);
        return;
    }
    Q_EMIT notified(id, Channel::None);
}

void DesktopNotifier::onActionInvoked(uint notification, const QString &action)
{
    if (m_summaries.contains(notification)) {
        Q_EMIT alertsRequested();
        return;
    }
    const QString id = m_notifications.value(notification);
    if (id.isEmpty())
        return; // another application's notification
    qCInfo(lcUi) << "notification action" << action << "on" << id;
    if (action == kAcknowledge)
        Q_EMIT acknowledgeRequested(id);
    else if (action == kOpen || action == "default"_L1)
        Q_EMIT openRequested(id, m_subjects.value(id));
}

void DesktopNotifier::onNotificationClosed(uint notification, uint reason)
{
    Q_UNUSED(reason)
    m_notifications.remove(notification);
    m_summaries.remove(notification);
}

void DesktopNotifier::closeSettled()
{
    // An alert acknowledged or resolved (here, in another window or by someone else) no longer
    // needs its notification.
    for (auto it = m_notifications.begin(); it != m_notifications.end();) {
        const int row = m_model->rowOf(it.value());
        if (row >= 0 && m_model->rowAt(row).value("status"_L1).toString() == "open"_L1) {
            ++it;
            continue;
        }
#ifdef OPS_HAVE_DBUS
        QDBusMessage close =
            QDBusMessage::createMethodCall(kService, kPath, kService, u"CloseNotification"_s);
        close << it.key();
        QDBusConnection::sessionBus().asyncCall(close);
#endif
        it = m_notifications.erase(it);
    }
}

void DesktopNotifier::playSound(const QString &severity)
{
    if (m_muted)
        return;
    if (m_player) {
        m_player(severity);
    } else {
#ifdef OPS_HAVE_MULTIMEDIA
        QSoundEffect *&effect = m_sounds[severity];
        if (!effect) {
            effect = new QSoundEffect(this);
            effect->setSource(QUrl(soundOf(severity)));
        }
        effect->play();
#else
        if (severity == "critical"_L1)
            QApplication::beep();
#endif
    }
    Q_EMIT soundPlayed(severity);
}

} // namespace Ops
