"""Function page, Code tab: the file tree and a viewer; inline-source functions get an editor with Deploy."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fcruntime import errors, services
from fcruntime.views.code_files import list_files, read_file
from fcruntime.views.common import function_context, get_function, page, require_role


@login_required
@require_http_methods(["GET", "POST"])
def function_code(request: HttpRequest, service_name: str, function_name: str) -> HttpResponse:
    fn = get_function(request, service_name, function_name)
    error = ""
    if request.method == "POST":
        require_role(request)
        try:
            services.update_function(fn, code={"SourceCode": request.POST.get("source_code", "")})
            messages.success(request, "Deployed. New invocations run the new code.")
            return redirect("fc:function-code", service_name, function_name)
        except errors.FcError as exc:
            error = f"{exc.code}: {exc.message}"
    files = list_files(fn)
    selected = request.GET.get("file") or (files[0].path if files else "")
    text, note = read_file(fn, selected) if selected else ("", "")
    context = function_context(fn, "code", files=files, selected=selected, text=text, note=note, error=error,
                               source=request.POST.get("source_code", fn.source_code))
    return page(request, "fcruntime/function_code.html", context, partial="code-viewer",
                status=400 if error else 200)
