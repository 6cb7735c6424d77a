from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from dangbo.accounts import services
from dangbo.accounts.forms import LoginForm, TokenForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: list, create (the key is shown once), revoke."""
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        new_key = services.issue_token(user=request.user, name=form.cleaned_data["name"], by=request.user)
        form = TokenForm()
    items = request.user.api_tokens.all()
    return render(request, "accounts/tokens.html", {"form": form, "tokens": items, "new_key": new_key})


@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise Http404("Không tìm thấy mã truy cập.")
    services.revoke_token(token=token, by=request.user)
    messages.success(request, f"Đã thu hồi mã {token.prefix}….")
    return redirect("accounts:tokens")
