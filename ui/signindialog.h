#pragma once

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSettings;

namespace Ops {

//! \brief Server URL and token. The URL is always remembered; the token only when "Remember"
//! is ticked. The token is never logged.
class SignInDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)

public:
    explicit SignInDialog(QWidget *parent = nullptr);
    ~SignInDialog() override;

    //! What is remembered in \a settings (an empty token when it was not to be kept).
    static QUrl rememberedUrl(const QSettings &settings);
    static QString rememberedToken(const QSettings &settings);

    //! Fills the fields from \a settings and, when given, \a url / \a message (why it is shown).
    void load(const QSettings &settings, const QUrl &url = {}, const QString &message = {});
    //! Stores the URL, and the token if "Remember" is ticked (else removes a stored one).
    void save(QSettings &settings) const;

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
    QLabel *m_message;
};

} // namespace Ops
