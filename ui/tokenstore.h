#pragma once

#include <functional>

#include <QObject>
#include <QString>
#include <QUrl>

class QSettings;

namespace Ops {

//! \brief Keeps the sign-in token the dispatcher asked to remember in the system keychain
//! (Secret Service or KWallet on Linux, the Keychain on macOS, the Credential Manager on
//! Windows, through QtKeychain), one entry per server. Never in a settings file.
//!
//! Where no keychain exists the token is not remembered at all, and problem() says why, in words
//! a dispatcher can act on. Tokens older versions kept in plain text in QSettings are moved into
//! the keychain (migrate()) and deleted from the settings either way.
class TokenStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenStore)

public:
    //! \a service names the entries in the keychain.
    explicit TokenStore(
        const QString &service = QStringLiteral("Opsboard"), QObject *parent = nullptr);
    ~TokenStore() override;

    //! Reads the token remembered for \a server; \a done gets it (empty: none remembered, or no
    //! keychain: then problem() is set). Called on \a context's thread, not after it is gone.
    void read(const QUrl &server, QObject *context, std::function<void(const QString &)> done);
    //! Remembers \a token for \a server; \a done gets whether it is kept (if not, problem()).
    void write(const QUrl &server, const QString &token, QObject *context,
        std::function<void(bool)> done = {});
    //! Forgets the token of \a server (nothing to forget is fine).
    void remove(const QUrl &server, QObject *context = nullptr, std::function<void()> done = {});
    //! A token that an older version kept in plain text in \a settings (key signIn/token) is
    //! deleted from the settings at once and written into the keychain for the server it was
    //! remembered with. \a done gets the token (empty when there was none), to sign in with now.
    void migrate(QSettings &settings, QObject *context, std::function<void(const QString &)> done);

    //! Why tokens cannot be remembered here (no keychain, access denied); empty while the
    //! keychain works (or has not been tried).
    [[nodiscard]] QString problem() const { return m_problem; }
    //! The keychain entry name of \a server's token (scheme, host, port).
    [[nodiscard]] static QString keyFor(const QUrl &server);

    static const QString kPlainTextKey; //!< "signIn/token": where older versions kept it

Q_SIGNALS:
    void problemChanged(const QString &problem);

private:
    void setProblem(int error, const QString &details);

    QString m_service;
    QString m_problem;
};

} // namespace Ops
