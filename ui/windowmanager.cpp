#include "windowmanager.h"

#include "mainwindow.h"
#include "sync/session.h"

using namespace Qt::StringLiterals;

namespace Ops {

WindowManager::WindowManager(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{ }

WindowManager::~WindowManager()
{
    for (const QPointer<MainWindow> &w : std::as_const(m_windows))
        delete w.data();
}

void WindowManager::setWindowSetup(std::function<void(MainWindow *)> setup)
{
    m_setup = std::move(setup);
}

QList<MainWindow *> WindowManager::windows() const
{
    QList<MainWindow *> list;
    for (const QPointer<MainWindow> &w : m_windows) {
        if (w)
            list.append(w);
    }
    return list;
}

MainWindow *WindowManager::openWindow()
{
    m_windows.removeIf([](const QPointer<MainWindow> &w) { return w.isNull(); });
    int slot = 0;
    const auto taken = [this](int s) {
        return std::any_of(m_windows.begin(), m_windows.end(),
            [s](const QPointer<MainWindow> &w) { return w->slot() == s; });
    };
    while (taken(slot))
        ++slot;
    auto *window = new MainWindow(m_session, slot);
    window->setAttribute(Qt::WA_DeleteOnClose);
    const QString server = m_session->baseUrl().toString(QUrl::RemoveUserInfo);
    window->setWindowTitle(slot == 0 ? tr("Opsboard — %1").arg(server)
                                     : tr("Opsboard — %1 (%2)").arg(server).arg(slot + 1));
    connect(window, &MainWindow::newWindowRequested, this, &WindowManager::openWindow);
    connect(window, &MainWindow::signInRequested, this, &WindowManager::signInRequested);
    if (m_setup)
        m_setup(window);
    window->restoreLayout();
    m_windows.append(window);
    window->show();
    Q_EMIT windowOpened(window);
    return window;
}

} // namespace Ops
