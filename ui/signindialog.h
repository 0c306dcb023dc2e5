#pragma once

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSettings;

namespace Ops {

//! \brief Server URL and token. The URL is always remembered (QSettings); whether the token is
//! to be remembered is the "Remember" box, which the caller honours through the system keychain
//! (TokenStore), never the settings file. The token is never logged.
class SignInDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)

public:
    explicit SignInDialog(QWidget *parent = nullptr);
    ~SignInDialog() override;

    //! The server URL remembered in \a settings.
    static QUrl rememberedUrl(const QSettings &settings);

    //! Fills the URL from \a settings, or \a url when given, and shows \a message (why the
    //! dialog is shown) when given.
    void load(const QSettings &settings, const QUrl &url = {}, const QString &message = {});
    //! Stores the URL.
    void save(QSettings &settings) const;
    //! Offers \a token (remembered for the URL); "Remember" starts ticked when there is one.
    void offerRememberedToken(const QString &token);
    //! The token cannot be remembered here: "Remember" is off and \a why is shown under it.
    //! An empty \a why offers it again.
    void setRememberUnavailable(const QString &why);

    [[nodiscard]] QUrl url() const;
    [[nodiscard]] QString token() const;
    [[nodiscard]] bool remember() const;

    void setUrl(const QUrl &url);
    void setToken(const QString &token);
    void setRemember(bool remember);

    void accept() override;

private:
    QLineEdit *m_url;
    QLineEdit *m_token;
    QCheckBox *m_remember;
    QLabel *m_rememberNote;
    QLabel *m_message;
};

} // namespace Ops
