#include "signinflow.h"

#include <QSettings>
#include <QTimer>

#include "query/queryclient.h"
#include "signindialog.h"
#include "sync/session.h"
#include "tokenstore.h"

using namespace Qt::StringLiterals;

namespace Ops {

SignInFlow::SignInFlow(Session *session, TokenStore *tokens, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_tokens(tokens)
{
    // A rejected token: ask again, once per rejection (not from inside the state change).
    connect(session, &Session::unauthorized, this, [this] {
        if (!m_session->isStarted())
            return;
        QTimer::singleShot(
            0, this, [this] { ask(tr("The server did not accept the token. Sign in again.")); });
    });
    connect(session, &Session::staffTokenRequired, this, [this] {
        QTimer::singleShot(0, this, [this] {
            ask(tr("This token belongs to a driver; the dashboard needs a staff token "
                   "(dispatcher, manager or viewer)."));
        });
    });
}

SignInFlow::~SignInFlow() = default;

void SignInFlow::begin(const QUrl &server, bool serverGiven, const QString &token)
{
    QSettings settings;
    const QUrl remembered = SignInDialog::rememberedUrl(settings);
    const QUrl base =
        !serverGiven && remembered.isValid() && !remembered.isEmpty() ? remembered : server;
    m_tokens->migrate(settings, this, [this, base, remembered, token](const QString &migrated) {
        if (!token.isEmpty())
            return apply(base, token);
        if (!migrated.isEmpty() && base == remembered)
            return apply(base, migrated);
        m_tokens->read(base, this, [this, base](const QString &kept) {
            if (!kept.isEmpty())
                apply(base, kept);
            else
                showDialog(base, {}, {});
        });
    });
}

void SignInFlow::ask(const QString &why)
{
    const QUrl url =
        m_session->isStarted() ? m_session->baseUrl() : SignInDialog::rememberedUrl(QSettings());
    if (!why.isEmpty()) // the remembered token is the rejected one: not offered again
        return showDialog(url, why, {});
    m_tokens->read(url, this, [this, url](const QString &kept) { showDialog(url, {}, kept); });
}

void SignInFlow::showDialog(const QUrl &url, const QString &why, const QString &remembered)
{
    if (m_asking)
        return;
    m_asking = true;
    QSettings settings;
    SignInDialog dialog(m_parent ? m_parent() : nullptr);
    dialog.load(settings, url, why);
    dialog.offerRememberedToken(remembered);
    dialog.setRememberUnavailable(m_tokens->problem());
    const bool accepted = dialog.exec() == QDialog::Accepted;
    m_asking = false;
    if (!accepted) {
        if (!m_session->isStarted())
            Q_EMIT cancelled();
        return;
    }
    dialog.save(settings);
    if (dialog.remember()) {
        m_tokens->write(dialog.url(), dialog.token(), this, [this](bool kept) {
            if (!kept)
                Q_EMIT notice(m_tokens->problem());
        });
    } else {
        m_tokens->remove(dialog.url());
    }
    apply(dialog.url(), dialog.token());
}

void SignInFlow::apply(const QUrl &url, const QString &token)
{
    if (!m_session->isStarted()) {
        m_session->start(url, token);
        Q_EMIT started();
    } else if (url != m_session->baseUrl()) {
        m_session->queries()->removeQueries();
        m_session->start(url, token);
    } else {
        m_session->setToken(token);
    }
}

} // namespace Ops
