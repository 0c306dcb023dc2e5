#include "signalnotifier.h"

#include <csignal>

#include <QSocketNotifier>

#include "core/logging.h"

#ifdef Q_OS_UNIX
#include <cerrno>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif
#ifdef Q_OS_WIN
#include <qt_windows.h>
#endif

namespace Ops {
namespace {

#ifdef Q_OS_UNIX
int s_pipe[2] = { -1, -1 };

extern "C" void writeSignal(int signal)
{
    const int savedErrno = errno;
    const auto byte = static_cast<unsigned char>(signal);
    // Async-signal-safe; a full pipe just drops the repeat.
    [[maybe_unused]] const auto n = ::write(s_pipe[0], &byte, 1);
    errno = savedErrno;
}
#endif

#ifdef Q_OS_WIN
// Windows has no SIGHUP and no sigaction: Ctrl+C, Ctrl+Break, closing the console and a
// shutdown arrive through a console control handler, on a thread of their own.
SignalNotifier *s_instance = nullptr;

BOOL WINAPI consoleHandler(DWORD type)
{
    const int signal = type == CTRL_C_EVENT ? SIGINT : SIGTERM;
    SignalNotifier *notifier = s_instance;
    if (!notifier)
        return FALSE;
    QMetaObject::invokeMethod(
        notifier, [notifier, signal] { Q_EMIT notifier->signalReceived(signal); },
        Qt::QueuedConnection);
    return TRUE;
}
#endif

} // namespace

SignalNotifier::SignalNotifier(const QList<int> &watched, QObject *parent)
    : QObject(parent)
    , m_signals(watched)
{
#ifdef Q_OS_UNIX
    if (s_pipe[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s_pipe) != 0) {
        qCWarning(lcServerHttp) << "cannot set up signal handling";
        return;
    }
    ::fcntl(s_pipe[0], F_SETFL, O_NONBLOCK);
    ::fcntl(s_pipe[1], F_SETFL, O_NONBLOCK);
    m_notifier = std::make_unique<QSocketNotifier>(s_pipe[1], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &SignalNotifier::onReadable);
    m_valid = true;
    for (const int signal : m_signals) {
        struct sigaction action = {};
        action.sa_handler = writeSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        if (::sigaction(signal, &action, nullptr) != 0)
            m_valid = false;
    }
#elif defined(Q_OS_WIN)
    s_instance = this;
    m_valid = SetConsoleCtrlHandler(consoleHandler, TRUE) != 0;
#endif
}

SignalNotifier::~SignalNotifier()
{
#ifdef Q_OS_UNIX
    for (const int signal : std::as_const(m_signals))
        std::signal(signal, SIG_DFL);
    m_notifier.reset();
    if (s_pipe[0] >= 0) {
        ::close(s_pipe[0]);
        ::close(s_pipe[1]);
        s_pipe[0] = s_pipe[1] = -1;
    }
#elif defined(Q_OS_WIN)
    SetConsoleCtrlHandler(consoleHandler, FALSE);
    s_instance = nullptr;
#endif
}

void SignalNotifier::onReadable()
{
#ifdef Q_OS_UNIX
    unsigned char bytes[16];
    for (;;) {
        const auto n = ::read(s_pipe[1], bytes, sizeof bytes);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; ++i)
            Q_EMIT signalReceived(int(bytes[i]));
    }
#endif
}

} // namespace Ops
