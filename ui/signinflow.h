#pragma once

#include <functional>

#include <QObject>
#include <QUrl>

class QWidget;

namespace Ops {

class Session;
class TokenStore;

//! \brief Getting the session signed in: with the token given, else the one remembered in the
//! system keychain, else by asking (SignInDialog); again after the server rejects the token or
//! when the dispatcher asks to. Remembers the URL in QSettings and, when the dispatcher ticks
//! "Remember", the token in the keychain (TokenStore), never in a file.
class SignInFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInFlow)

public:
    SignInFlow(Session *session, TokenStore *tokens, QObject *parent = nullptr);
    ~SignInFlow() override;

    //! The widget the dialog is shown over (default none).
    void setDialogParent(std::function<QWidget *()> parent) { m_parent = std::move(parent); }

    //! Signs in to \a server (or, unless \a serverGiven, the one signed in to last) with \a token,
    //! or the remembered token, or asks. Moves a token older versions kept in plain text into
    //! the keychain first.
    void begin(const QUrl &server, bool serverGiven, const QString &token);
    //! Asks for server and token; \a why says what went wrong (a rejected token is not offered
    //! again).
    void ask(const QString &why = {});

Q_SIGNALS:
    //! The session was started for the first time.
    void started();
    //! The dispatcher cancelled the first sign-in.
    void cancelled();
    //! Something the dispatcher should read (e.g. why the token is not remembered).
    void notice(const QString &text);

private:
    void showDialog(const QUrl &url, const QString &why, const QString &remembered);
    void apply(const QUrl &url, const QString &token);

    Session *m_session;
    TokenStore *m_tokens;
    std::function<QWidget *()> m_parent;
    bool m_asking = false;
};

} // namespace Ops
