from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from dangbo.accounts import services


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
        "throttled": "Đăng nhập sai quá nhiều lần. Tài khoản tạm khóa, vui lòng thử lại sau ít phút.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and services.login_is_throttled(username):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        return super().clean()


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Tên gợi nhớ",
        max_length=100,
        required=False,
        help_text="Ví dụ: “Phần mềm báo cáo của Ban Tổ chức”.",
    )
